namespace StreamGuard.Core.Streaming;

/// <summary>A page of a shard. A null <see cref="NextShardIterator"/> means the shard has ended (SHARD_END).</summary>
public sealed record GetRecordsResult(IReadOnlyList<StreamRecord> Records, string? NextShardIterator, long MillisBehindLatest);
