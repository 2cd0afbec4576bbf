namespace StreamGuard.LiveView.Models;

/// <summary>
/// Pipeline health over one second: throughput, latency from the shard reader to the live sink
/// (p50 and p99 of the batches of that second), the running totals of losses and lateness, and the
/// shard lag: records behind summed over the shards, the oldest unprocessed record's age over all shards.
/// </summary>
public sealed record HealthPoint(string At, double EventsPerSecond, double? LatencyP50Ms, double? LatencyP99Ms, long DeadLetters, long LateEvents, long DroppedUpdates)
{
    public long? RecordsBehind { get; init; }

    public double? MillisBehind { get; init; }
}
