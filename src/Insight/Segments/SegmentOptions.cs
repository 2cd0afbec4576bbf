namespace StreamGuard.Insight.Segments;

/// <summary>Settings of online customer segmentation.</summary>
public sealed class SegmentOptions
{
    /// <summary>Number of segments (k of k-means).</summary>
    public int Clusters { get; init; } = 5;

    /// <summary>Transactions a customer needs before being given a segment.</summary>
    public int MinTransactions { get; init; } = 5;

    /// <summary>A customer is re-assigned (and the centroids learn) every this many of their transactions.</summary>
    public int ReassignEvery { get; init; } = 5;

    /// <summary>Weight of the newest transaction in a customer's profile; older behaviour fades, so a segment can change.</summary>
    public double ProfileSmoothing { get; init; } = 0.1;

    /// <summary>Smallest centroid learning rate, so centroids keep following the population.</summary>
    public double MinLearningRate { get; init; } = 0.01;

    /// <summary>Local hours counted as night, [start, end) across midnight.</summary>
    public int NightStartHour { get; init; } = 22;

    public int NightEndHour { get; init; } = 5;

    /// <summary>The time zone (IANA id) for time of day.</summary>
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>The most customers profiled; new customers beyond it are counted, not tracked.</summary>
    public int MaxCustomers { get; init; } = 1_000_000;
}
