using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StreamGuard.Core;

namespace StreamGuard.Benchmarks.Pipeline;

/// <summary>
/// `pipeline`: generates the input, measures the decode-only floor in this process, then the whole
/// `run` (every stage, SQLite and folder sinks) in a child process so CPU time and peak RSS are the
/// run's own, and prints one JSON line comparing them.
/// </summary>
internal static class PipelineBenchmark
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromHours(2);

    public static async Task<int> RunAsync(string[] args)
    {
        PipelineBenchmarkArguments arguments;
        try
        {
            arguments = PipelineBenchmarkArguments.Parse(args);
        }
        catch (Exception e) when (e is UserErrorException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        string input = BenchmarkInput.Ensure(arguments.WorkDirectory, arguments.Events);
        (long floorRows, double floorSeconds) = DecodeFloor.Measure(input);
        // The data folder gets a sibling key folder (data.keys): both live in one run folder, removed after.
        string runDir = Path.Combine(arguments.WorkDirectory, "run-" + Guid.NewGuid().ToString("N"));
        string dataDir = Path.Combine(runDir, "data");
        try
        {
            (JsonElement run, JsonElement resources) = await RunChildAsync(input, dataDir, arguments).ConfigureAwait(false);
            long events = run.GetProperty("events").GetInt64();
            double eventsPerSecond = run.GetProperty("events_per_second").GetDouble();
            double floor = floorRows / Math.Max(floorSeconds, 1e-9);
            JsonElement state = run.GetProperty("state");
            JsonElement? tail = run.TryGetProperty("tail", out JsonElement t) && t.ValueKind == JsonValueKind.Object ? t : null;
            double peakRssMb = resources.GetProperty("child_peak_rss_mb").GetDouble();
            int customers = BenchmarkInput.Customers(arguments.Events);
            var result = new PipelineBenchmarkResult
            {
                Events = events,
                EventsPerSecond = eventsPerSecond,
                FloorEventsPerSecond = Math.Round(floor, 1),
                Ratio = Math.Round(eventsPerSecond / floor, 3),
                CpuUsPerEvent = Math.Round(resources.GetProperty("child_cpu_seconds").GetDouble() * 1e6 / Math.Max(events, 1), 1),
                PeakRssMb = peakRssMb,
                Customers = customers,
                PeakRssKbPerCustomer = Math.Round(peakRssMb * 1024 / customers, 1),
                GcPauseSeconds = resources.GetProperty("child_gc_pause_seconds").GetDouble(),
                GcGen2Collections = resources.GetProperty("child_gc_gen2").GetInt32(),
                GcAllocatedBytesPerEvent = Math.Round(resources.GetProperty("child_gc_allocated_mb").GetDouble() * 1024 * 1024 / Math.Max(events, 1)),
                LatencyMsP50 = run.GetProperty("latency_ms_p50").GetDouble(),
                LatencyMsP99 = run.GetProperty("latency_ms_p99").GetDouble(),
                StageSeconds = run.GetProperty("stage_seconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal),
                Rate = arguments.Rate,
                ElapsedSeconds = run.GetProperty("elapsed_seconds").GetDouble(),
                FloorSeconds = Math.Round(floorSeconds, 3),
                Shards = run.GetProperty("shards").GetInt32(),
                StateSaves = state.GetProperty("saves").GetInt64(),
                LastStateSaveBytes = state.GetProperty("last_save_bytes").GetInt64(),
                StateSaveBytesTotal = state.GetProperty("total_save_bytes").GetInt64(),
                LastStateSaveChangedItems = state.TryGetProperty("last_save_changed_items", out JsonElement changed) ? changed.GetInt64() : 0,
                StateSaveSeconds = state.GetProperty("save_seconds").GetDouble(),
                StateFoldSeconds = state.TryGetProperty("fold_seconds", out JsonElement fold) ? fold.GetDouble() : 0,
                LongestStateFoldSliceMs = state.TryGetProperty("longest_fold_slice_ms", out JsonElement slice) ? slice.GetDouble() : 0,
                LoadAverage1m = LoadAverage(),
                ProcessorCount = Environment.ProcessorCount,
                SlowRecords = tail?.GetProperty("slow_records").GetInt64() ?? 0,
                MaxStallMs = tail?.GetProperty("longest_stalls").EnumerateArray().Select(s => s.GetProperty("ms").GetDouble()).DefaultIfEmpty(0).Max() ?? 0,
                Tail = tail,
            };
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, PipelineBenchmarkJsonContext.Default.PipelineBenchmarkResult)).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            if (!arguments.Keep && Directory.Exists(runDir))
            {
                Directory.Delete(runDir, recursive: true);
            }
        }
    }

    private static async Task<(JsonElement Run, JsonElement Resources)> RunChildAsync(string input, string dataDir, PipelineBenchmarkArguments arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(PipelineBenchmark).Assembly.Location);
        }

        foreach (string arg in (string[])["pipeline-run", "run", "--input", input, "--data-dir", dataDir, "--json"])
        {
            start.ArgumentList.Add(arg);
        }

        if (arguments.Rate is { } rate)
        {
            start.ArgumentList.Add("--rate");
            start.ArgumentList.Add(rate.ToString(CultureInfo.InvariantCulture));
        }

        if (arguments.Shards is { } shards)
        {
            start.ArgumentList.Add("--shards");
            start.ArgumentList.Add(shards.ToString(CultureInfo.InvariantCulture));
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException("The pipeline child process did not start.");
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync().WaitAsync(s_runTimeout).ConfigureAwait(false);
        string output = await stdout.ConfigureAwait(false);
        string error = await stderr.ConfigureAwait(false);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? summary = lines.LastOrDefault(l => l.StartsWith("{\"events\":", StringComparison.Ordinal));
        string? usage = lines.LastOrDefault(l => l.StartsWith(PipelineRunChild.UsagePrefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || summary is null || usage is null)
        {
            throw new InvalidOperationException($"The pipeline run failed (exit {child.ExitCode}):\n{error}\n{output}");
        }

        JsonElement run = JsonDocument.Parse(summary).RootElement.Clone();
        return (run, JsonDocument.Parse(usage).RootElement.Clone());
    }

    private static double LoadAverage()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }
}
