namespace StreamGuard.LiveView.Models;

/// <summary>
/// How far the pipeline is behind one input shard's tip: records not yet processed (null when the
/// stream cannot say: Kinesis does not count them) and the age of the oldest unprocessed record in
/// milliseconds (0 when caught up).
/// </summary>
public sealed record ShardLag(string ShardId, long? RecordsBehind, double MillisBehind, string? ProcessedThrough);
