namespace StreamGuard.LiveView.Models;

/// <summary>
/// Pipeline health over one second: throughput, latency from the shard reader to the live sink
/// (p50 and p99 of the batches of that second), and the running totals of losses and lateness.
/// </summary>
public sealed record HealthPoint(string At, double EventsPerSecond, double? LatencyP50Ms, double? LatencyP99Ms, long DeadLetters, long LateEvents, long DroppedUpdates);
