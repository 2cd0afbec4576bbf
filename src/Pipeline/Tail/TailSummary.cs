namespace StreamGuard.Pipeline.Tail;

/// <summary>
/// Where the latency tail comes from (`run --json` field `tail`): the records slower than
/// <see cref="SlowMs"/>, each put down to the cause that overlapped its wait the most, and the
/// pipeline's long steps.
/// </summary>
public sealed record TailSummary
{
    /// <summary>The threshold: records slower than this count as slow (the p99 goal).</summary>
    public required double SlowMs { get; init; }

    /// <summary>Records delivered slower than <see cref="SlowMs"/>.</summary>
    public required long SlowRecords { get; init; }

    /// <summary>Slow records by cause: a stall kind (state_save, capture:NAME, sink:NAME, commit...), gc (GC pauses inside their wait), or queueing (no single cause took a quarter of their wait: CPU shortage, backlog).</summary>
    public required IReadOnlyDictionary<string, long> SlowRecordsByCause { get; init; }

    /// <summary>Mean milliseconds of a slow batch in each phase: stream (appended to taken by the feed), stages (taken to reaching delivery, channel waits included), delivery (sinks and checkpoint).</summary>
    public required IReadOnlyDictionary<string, double> SlowBatchPhaseMs { get; init; }

    /// <summary>Steps of at least <see cref="LatencyTail.StallMs"/> ms, by kind.</summary>
    public required IReadOnlyDictionary<string, TailKindTotals> StallsByKind { get; init; }

    /// <summary>The longest steps of the run, longest first.</summary>
    public required IReadOnlyList<TailStall> LongestStalls { get; init; }
}
