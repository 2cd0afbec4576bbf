using System.Diagnostics;
using System.Text.Json;

namespace StreamGuard.Processor.Tests.Benchmarks;

/// <summary>The pipeline benchmark as CI runs it: a tiny input, checking the JSON line it prints (not its speed).</summary>
public sealed class PipelineBenchmarkTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);
    private readonly string _work = Path.Combine(Path.GetTempPath(), "sg-bench-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Pipeline_TinyInput_PrintsOneJsonLineWithEveryField()
    {
        (int exitCode, string output, string error) = await RunAsync("pipeline", "--events", "1500", "--work", _work);

        Assert.True(exitCode == 0, error + output);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        JsonElement result = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(1500, result.GetProperty("events").GetInt64());
        double eventsPerSecond = result.GetProperty("events_per_second").GetDouble();
        double floor = result.GetProperty("floor_events_per_second").GetDouble();
        Assert.True(eventsPerSecond > 0 && floor > 0, lines[0]);
        // The ratio is printed rounded to 3 decimals (comparing at 2 decimal places failed whenever it fell on a half, e.g. 0.0146 against 0.015).
        Assert.Equal(eventsPerSecond / floor, result.GetProperty("ratio").GetDouble(), 0.00051);
        Assert.True(result.GetProperty("cpu_us_per_event").GetDouble() > 0, lines[0]);
        Assert.True(result.GetProperty("peak_rss_mb").GetDouble() > 10, lines[0]);
        long customers = result.GetProperty("customers").GetInt64();
        Assert.True(customers > 0, lines[0]);
        Assert.Equal(result.GetProperty("peak_rss_mb").GetDouble() * 1024 / customers, result.GetProperty("peak_rss_kb_per_customer").GetDouble(), 0.051);
        double p50 = result.GetProperty("latency_ms_p50").GetDouble();
        double p99 = result.GetProperty("latency_ms_p99").GetDouble();
        Assert.True(p50 > 0 && p50 <= p99, lines[0]);
        var stages = result.GetProperty("stage_seconds").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Contains("decode", stages);
        Assert.Contains("sink:sqlite", stages);
        JsonElement tail = result.GetProperty("tail");
        Assert.Equal(result.GetProperty("slow_records").GetInt64(), tail.GetProperty("slow_records").GetInt64());
        Assert.Equal(tail.GetProperty("slow_records").GetInt64(), tail.GetProperty("slow_records_by_cause").EnumerateObject().Sum(c => c.Value.GetInt64()));
        Assert.True(result.GetProperty("max_stall_ms").GetDouble() >= 0, lines[0]);
        // The run's data folder is removed; the generated input stays for the next run of the same size.
        Assert.Equal(["generated-1500-seed2026.csv"], new DirectoryInfo(_work).GetFileSystemInfos().Select(i => i.Name).ToArray());
    }

    [Fact]
    public async Task Pipeline_UnknownArgument_ExitsWithTwoAndSaysWhich()
    {
        (int exitCode, _, string error) = await RunAsync("pipeline", "--evnets", "10");

        Assert.Equal(2, exitCode);
        Assert.Contains("--evnets", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BenchmarkAssembly());
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(s_timeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output.WaitAsync(s_timeout), await error.WaitAsync(s_timeout));
    }

    /// <summary>The benchmark built next to this test project (same configuration; the project reference builds it first).</summary>
    private static string BenchmarkAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        DirectoryInfo? root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StreamGuard.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        string path = Path.Combine(root.FullName, "benchmarks", "StreamGuard.Benchmarks", "bin", configuration, framework, "StreamGuard.Benchmarks.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build benchmarks/StreamGuard.Benchmarks -c {configuration}");
        return path;
    }
}
