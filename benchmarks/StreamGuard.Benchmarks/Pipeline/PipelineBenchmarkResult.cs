using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamGuard.Benchmarks.Pipeline;

/// <summary>The one JSON line `pipeline` prints (field names are what the README and CI read).</summary>
internal sealed record PipelineBenchmarkResult
{
    public required long Events { get; init; }
    public required double EventsPerSecond { get; init; }
    public required double FloorEventsPerSecond { get; init; }
    public required double Ratio { get; init; }
    public required double CpuUsPerEvent { get; init; }
    public required double PeakRssMb { get; init; }
    public required double LatencyMsP50 { get; init; }
    public required double LatencyMsP99 { get; init; }
    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }

    /// <summary>Customers (and cards) in the generated input: the keys the per-customer state grows with.</summary>
    public long Customers { get; init; }

    /// <summary>Peak RSS divided by <see cref="Customers"/>, in KB: fixed overhead included, so it falls as the input grows.</summary>
    public double PeakRssKbPerCustomer { get; init; }

    /// <summary>Seconds the child's threads were paused by the GC (all collections together).</summary>
    public double GcPauseSeconds { get; init; }

    /// <summary>Full (gen2) collections in the child, background ones included.</summary>
    public int GcGen2Collections { get; init; }

    /// <summary>Bytes the child allocated per event (the whole process: reader, stages, sinks).</summary>
    public double GcAllocatedBytesPerEvent { get; init; }

    /// <summary>The source's pace in events per second, or null for as fast as possible.</summary>
    public double? Rate { get; init; }

    public double ElapsedSeconds { get; init; }

    public double FloorSeconds { get; init; }

    public int Shards { get; init; }

    public long StateSaves { get; init; }

    public long LastStateSaveBytes { get; init; }

    /// <summary>Uncompressed bytes of all the run's state saves: whole states, heads and the changed items of incremental stages.</summary>
    public long StateSaveBytesTotal { get; init; }

    /// <summary>Items the incremental stages (windows, budgets) wrote or removed in the last save.</summary>
    public long LastStateSaveChangedItems { get; init; }

    /// <summary>Seconds the run spent saving state, during which delivery waits.</summary>
    public double StateSaveSeconds { get; init; }

    /// <summary>Seconds the embedded store spent folding the saves' item logs into its item table (beside delivery, a slice at a time).</summary>
    public double StateFoldSeconds { get; init; }

    /// <summary>The longest fold slice: the longest the sink's write waited for the fold.</summary>
    public double LongestStateFoldSliceMs { get; init; }

    /// <summary>The 1-minute load average when the run ended: the machine is shared, so figures say under what load they were taken.</summary>
    public double LoadAverage1m { get; init; }

    public int ProcessorCount { get; init; }

    /// <summary>Records slower than 250 ms (the p99 goal): how many of the run's records missed it.</summary>
    public long SlowRecords { get; init; }

    /// <summary>The longest step of the pipeline in ms (a stage's batch, a state capture or save, a sink write, a commit): a figure that depends less on the load than p99.</summary>
    public double MaxStallMs { get; init; }

    /// <summary>`run --json`'s `tail` as is: slow records by cause, slow batches' phases, stalls by kind, the longest stalls.</summary>
    public JsonElement? Tail { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PipelineBenchmarkResult))]
internal sealed partial class PipelineBenchmarkJsonContext : JsonSerializerContext;
