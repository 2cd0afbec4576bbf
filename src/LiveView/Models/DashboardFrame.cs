using StreamGuard.Privacy.Differential;

namespace StreamGuard.LiveView.Models;

/// <summary>Everything the page shows, sent to every viewer several times a second; the /api answers use the same records.</summary>
public sealed record DashboardFrame(
    long Processed,
    long DeadLettered,
    long Alerts,
    double EventsPerSecond,
    string? LatestEventTime,
    IReadOnlyList<CategoryTotal> Categories,
    IReadOnlyList<RecentTransaction> Recent,
    IReadOnlyList<RecentAlert> RecentAlerts,
    PrivacyBanner Privacy,
    long DroppedUpdates)
{
    /// <summary>Alert cases (alerts grouped by card, or by customer for alerts without a card), newest first.</summary>
    public IReadOnlyList<AlertCase> Cases { get; init; } = [];

    /// <summary>The latest differentially private population release (spending by category, trend, segments), with error bars.</summary>
    public PopulationRelease? Population { get; init; }

    /// <summary>The scorer's alert threshold, marked on the score distribution, when known.</summary>
    public double? AlertThreshold { get; init; }

    /// <summary>Fraud scores seen so far in 20 buckets of 0.05.</summary>
    public IReadOnlyList<long> ScoreHistogram { get; init; } = [];

    /// <summary>Pipeline health over the last minutes, one point a second, oldest first.</summary>
    public IReadOnlyList<HealthPoint> Health { get; init; } = [];

    /// <summary>Per input shard: how far the pipeline is behind the stream's tip (the latest probe).</summary>
    public IReadOnlyList<ShardLag> ShardLag { get; init; } = [];

    public long LateEvents { get; init; }

    /// <summary>The earliest event time seen (transactions, or alerts in aws mode): the trend chart starts there.</summary>
    public string? FirstEventTime { get; init; }

    public VerdictTotals Verdicts { get; init; } = new(0, 0, 0);
}
