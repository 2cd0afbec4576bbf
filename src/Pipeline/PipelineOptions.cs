namespace StreamGuard.Pipeline;

/// <summary>How the pipeline reads shards and how much it may hold between stages.</summary>
public sealed record PipelineOptions
{
    /// <summary>Records asked of a shard per GetRecords call (Kinesis allows up to 10,000).</summary>
    public int RecordsPerRead { get; set; } = 2_000;

    /// <summary>Batches each channel between stages holds before the writer waits (backpressure).</summary>
    public int ChannelCapacity { get; set; } = 4;

    /// <summary>Wait after an empty read before polling the shard again.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Source counters per block of the ordered embedded feed (<see cref="OrderedShardsFeed"/>): a block's
    /// records of one shard form one batch. Smaller blocks wait less for the writer (latency at a
    /// steady rate), larger ones carry less per-batch work. A resumed input should keep the same size,
    /// since batch boundaries follow from it.
    /// </summary>
    public int OrderedBlockSize { get; set; } = 2_000;

    /// <summary>Where a shard with no checkpoint starts: TrimHorizon or Latest.</summary>
    public IteratorPosition InitialPosition { get; set; } = IteratorPosition.TrimHorizon;

    /// <summary>Events may carry times at most this far ahead of the clock.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);
}
