using StreamGuard.Core.Model;
using StreamGuard.Insight.Budgets;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Runtime.Sinks.Live;

/// <summary>What one processed batch shows a live viewer: a few recent transactions, alerts and category changes.</summary>
public sealed record LiveUpdate(
    int Processed,
    int DeadLettered,
    IReadOnlyList<EnrichedTransaction> Recent,
    IReadOnlyList<Alert> Alerts,
    IReadOnlyList<WindowTotal> CategoryDays)
{
    /// <summary>Buckets of <see cref="ScoreHistogram"/>: scores 0 to 1 in steps of 0.05.</summary>
    public const int ScoreBuckets = 20;

    /// <summary>The latest differentially private population release, when one was made with this batch.</summary>
    public PopulationRelease? Population { get; init; }

    /// <summary>The scorer's alert threshold when the batch was scored (set by the scorer's owner).</summary>
    public double? AlertThreshold { get; init; }

    /// <summary>Milliseconds from the shard reader receiving the batch to the live sink, when known.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>Events of the batch that missed windows already closed.</summary>
    public int LateEvents { get; init; }

    /// <summary>Fraud scores of every live transaction of the batch, counted in <see cref="ScoreBuckets"/> buckets.</summary>
    public IReadOnlyList<int> ScoreHistogram { get; init; } = [];

    /// <summary>The input shard the batch came from, and its last record's sequence number: where the consumer stands (the console's shard lag).</summary>
    public string? ShardId { get; init; }

    public string? LastSequenceNumber { get; init; }

    /// <summary>Budget standings the batch changed.</summary>
    public IReadOnlyList<BudgetStatus> Budgets { get; init; } = [];
}
