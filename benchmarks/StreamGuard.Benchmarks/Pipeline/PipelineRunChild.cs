using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using StreamGuard.Core.Cli;
using StreamGuard.Processor.Commands;
using StreamGuard.Processor.Commands.Terminal;

namespace StreamGuard.Benchmarks.Pipeline;

/// <summary>
/// The child process of the pipeline benchmark: the processor's own `run` command, then one line
/// with this process's CPU time and peak RSS, so those figures are the run's alone.
/// </summary>
internal static class PipelineRunChild
{
    public const string UsagePrefix = "{\"child_cpu_seconds\":";

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("StreamGuard pipeline benchmark child") { RunCommand.Create() };
        int exitCode = await CommandLineApp.RunAsync(root, args, translate: ProcessorErrors.Translate).ConfigureAwait(false);
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        // PeakWorkingSet64 is VmHWM on Linux: the resident high-water mark of the whole run.
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{UsagePrefix}{self.TotalProcessorTime.TotalSeconds:0.###},\"child_peak_rss_mb\":{self.PeakWorkingSet64 / (1024.0 * 1024.0):0.#},\"child_gc_pause_seconds\":{GC.GetTotalPauseDuration().TotalSeconds:0.###},\"child_gc_gen2\":{GC.CollectionCount(2)},\"child_gc_allocated_mb\":{GC.GetTotalAllocatedBytes() / (1024.0 * 1024.0):0.}}}")).ConfigureAwait(false);
        return exitCode;
    }
}
