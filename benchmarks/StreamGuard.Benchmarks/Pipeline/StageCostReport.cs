using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamGuard.Core;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Composition;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Scoring;

namespace StreamGuard.Benchmarks.Pipeline;

/// <summary>
/// `stages [--events N] [--work DIR]`: the cost of each stage alone, on one thread, without the
/// stream, the channels or the sinks: microseconds and allocated bytes per event for the CSV
/// reader and every stage of the real chain (<see cref="StageChain.Build"/>), run over the same
/// generated file as `pipeline`. The microseconds are process CPU time (GC included), so a loaded
/// machine inflates them less than wall time; allocated bytes do not depend on the load at all.
/// </summary>
internal static class StageCostReport
{
    private const int BatchSize = 500;
    private const int WarmUpEvents = 20_000;

    public static int Run(string[] args)
    {
        PipelineBenchmarkArguments arguments;
        try
        {
            arguments = PipelineBenchmarkArguments.Parse(args);
        }
        catch (Exception e) when (e is UserErrorException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        string input = BenchmarkInput.Ensure(arguments.WorkDirectory, arguments.Events);
        var options = new StreamGuardOptions();
        int shards = arguments.Shards ?? options.Stream.ShardCount;

        // The reader, measured alone (this is the decode-only floor's work).
        (List<TransactionEvent> events, Measure read) = ReadAll(input);

        // Warm the JIT up on a throwaway chain so the figures are the steady state, not tiering.
        List<RecordBatch> warmUp = Batches(events.Take(WarmUpEvents), shards);
        RunChain([.. BuildChain(options).SelectMany(Parts)], warmUp, measures: null);
        string sinkFolder = Path.Combine(arguments.WorkDirectory, "sink-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        SqliteSinkCost.Write(sinkFolder, warmUp, options.Insight.Windows);

        List<RecordBatch> batches = Batches(events, shards);
        // A composite stage's parts are measured one by one ("insight:windows"...), as well as in total.
        List<(string Name, IPipelineStage Stage)> chain = [.. BuildChain(options).SelectMany(Parts)];
        var measures = new Measure[chain.Count];
        RunChain(chain, batches, measures);
        // The SQLite sink alone, on the chain's finished batches.
        (long sinkTicks, long sinkBytes, Runtime.Sinks.Sqlite.SqliteTimings timings) = SqliteSinkCost.Write(sinkFolder, batches, options.Insight.Windows);
        chain.Add(("sink:sqlite", null!));
        measures = [.. measures, new Measure { Ticks = sinkTicks, Bytes = sinkBytes }];

        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{{\"events\":{events.Count},\"batch\":{BatchSize},\"shards\":{shards},\"cpu_us_per_event\":{{");
        line.Append(CultureInfo.InvariantCulture, $"\"read\":{read.MicrosPerEvent(events.Count):0.00}");
        for (int i = 0; i < chain.Count; i++)
        {
            line.Append(CultureInfo.InvariantCulture, $",\"{chain[i].Name}\":{measures[i].MicrosPerEvent(events.Count):0.00}");
        }

        line.Append("},\"bytes_per_event\":{");
        line.Append(CultureInfo.InvariantCulture, $"\"read\":{read.BytesPerEvent(events.Count):0}");
        for (int i = 0; i < chain.Count; i++)
        {
            line.Append(CultureInfo.InvariantCulture, $",\"{chain[i].Name}\":{measures[i].BytesPerEvent(events.Count):0}");
        }

        double load = double.TryParse(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "", NumberStyles.Float, CultureInfo.InvariantCulture, out double l) ? l : -1;
        line.Append(CultureInfo.InvariantCulture, $"}},\"sqlite_commits\":{timings.Commits},\"sqlite_commit_ms_total\":{timings.CommitTime.TotalMilliseconds:0.0},\"sqlite_commit_ms_max\":{timings.LongestCommit.TotalMilliseconds:0.0}");
        line.Append(CultureInfo.InvariantCulture, $",\"sqlite_checkpoints\":{timings.Checkpoints},\"sqlite_checkpoint_ms_total\":{timings.CheckpointTime.TotalMilliseconds:0.0},\"sqlite_checkpoint_ms_max\":{timings.LongestCheckpoint.TotalMilliseconds:0.0},\"sqlite_log_pages_max\":{timings.LargestLogPages}");
        line.Append(CultureInfo.InvariantCulture, $",\"load_average1m\":{load:0.00}}}");
        Console.WriteLine(line.ToString());
        return 0;
    }

    private static IEnumerable<(string Name, IPipelineStage Stage)> Parts(IPipelineStage stage) =>
        stage is CompositeStage composite ? composite.Stages.Select(s => (composite.Name + ":" + s.Name, s)) : [(stage.Name, stage)];

    private static IReadOnlyList<IPipelineStage> BuildChain(StreamGuardOptions options)
    {
        var key = PseudonymKey.FromBase64(Convert.ToBase64String(new byte[32]), "bench");
        var anonymizer = new TransactionAnonymizer(new Pseudonymizer(key), options.Privacy);
        return StageChain.Build(options, TimeProvider.System, anonymizer, new OnlineFraudScorer(options.Scoring));
    }

    private static (List<TransactionEvent> Events, Measure Read) ReadAll(string input)
    {
        var events = new List<TransactionEvent>();
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpu = self.TotalProcessorTime;
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        foreach (ReadOutcome outcome in TransactionFileReader.Read(input))
        {
            if (outcome.Event is { } e)
            {
                events.Add(e);
            }
        }

        self.Refresh();
        // The list's own growth is the harness's, not the reader's: small next to the events.
        return (events, new Measure { Ticks = (self.TotalProcessorTime - cpu).Ticks, Bytes = GC.GetAllocatedBytesForCurrentThread() - bytes });
    }

    /// <summary>Batches of one shard each, shards interleaved as the ordered feed hands them out; each record holds its JSON and its event, as an embedded record does.</summary>
    private static List<RecordBatch> Batches(IEnumerable<TransactionEvent> events, int shards)
    {
        var open = new List<PipelineItem>[shards];
        var batches = new List<RecordBatch>();
        long sequence = 0;
        foreach (TransactionEvent e in events)
        {
            int shard = (int)((uint)StableHash(e.AccountId) % (uint)shards);
            byte[] data = JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.TransactionEvent);
            var record = new StreamRecord((++sequence).ToString("D20", CultureInfo.InvariantCulture), e.AccountId, data, DateTimeOffset.UnixEpoch) { Decoded = e };
            (open[shard] ??= []).Add(new PipelineItem(record));
            if (open[shard].Count == BatchSize)
            {
                batches.Add(new RecordBatch("shardId-" + shard.ToString("D12", CultureInfo.InvariantCulture), open[shard]));
                open[shard] = [];
            }
        }

        for (int shard = 0; shard < shards; shard++)
        {
            if (open[shard] is { Count: > 0 } rest)
            {
                batches.Add(new RecordBatch("shardId-" + shard.ToString("D12", CultureInfo.InvariantCulture), rest));
            }
        }

        return batches;
    }

    /// <summary>
    /// Stage by stage over every batch (each stage sees the batches in order, as in the pipeline; no
    /// stage reads what a later one writes), so each stage's process CPU time (GC included) is its own.
    /// </summary>
    private static void RunChain(List<(string Name, IPipelineStage Stage)> chain, List<RecordBatch> batches, Measure[]? measures)
    {
        using Process self = Process.GetCurrentProcess();
        for (int i = 0; i < chain.Count; i++)
        {
            self.Refresh();
            TimeSpan cpu = self.TotalProcessorTime;
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            foreach (RecordBatch batch in batches)
            {
                chain[i].Stage.Process(batch);
            }

            if (measures is not null)
            {
                self.Refresh();
                measures[i].Ticks = (self.TotalProcessorTime - cpu).Ticks;
                measures[i].Bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            }
        }
    }

    private static int StableHash(string s)
    {
        // FNV-1a: stable across runs (string.GetHashCode is randomised per process).
        uint hash = 2166136261;
        foreach (char c in s)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)hash;
    }

    private struct Measure
    {
        public long Ticks;
        public long Bytes;

        /// <summary>Ticks of process CPU time (TimeSpan ticks).</summary>
        public readonly double MicrosPerEvent(int events) => TimeSpan.FromTicks(Ticks).TotalMicroseconds / Math.Max(events, 1);

        public readonly double BytesPerEvent(int events) => (double)Bytes / Math.Max(events, 1);
    }
}
