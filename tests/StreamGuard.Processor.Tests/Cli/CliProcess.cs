using System.Diagnostics;

namespace StreamGuard.Processor.Tests.Cli;

/// <summary>Runs the real built command (processor or producer) as a process and collects what it printed.</summary>
internal static class CliProcess
{
    public static string Processor => Path.Combine(AppContext.BaseDirectory, "StreamGuard.Processor.dll");

    public static string Producer => Path.Combine(AppContext.BaseDirectory, "StreamGuard.Producer.dll");

    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout.WaitAsync(TimeSpan.FromSeconds(30)), await stderr.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
