using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Segments;

/// <summary>Settings of online customer segmentation.</summary>
public sealed class SegmentOptions
{
    /// <summary>Number of segments (k of k-means).</summary>
    [SettingRange(1, 64, ErrorMessage = "Segments:Clusters must be between 1 and 64.")]
    public int Clusters { get; init; } = 5;

    /// <summary>Transactions a customer needs before being given a segment.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "Segments:MinTransactions must be at least 1.")]
    public int MinTransactions { get; init; } = 5;

    /// <summary>A customer is re-assigned (and the centroids learn) every this many of their transactions.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "Segments:ReassignEvery must be at least 1.")]
    public int ReassignEvery { get; init; } = 5;

    /// <summary>Weight of the newest transaction in a customer's profile; older behaviour fades, so a segment can change.</summary>
    [SettingRange(0d, 1d, MinimumIsExclusive = true, ErrorMessage = "Segments:ProfileSmoothing must be in (0, 1].")]
    public double ProfileSmoothing { get; init; } = 0.1;

    /// <summary>Smallest centroid learning rate, so centroids keep following the population.</summary>
    [SettingRange(0d, 1d, MinimumIsExclusive = true, ErrorMessage = "Segments:MinLearningRate must be in (0, 1].")]
    public double MinLearningRate { get; init; } = 0.01;

    /// <summary>Local hours counted as night, [start, end) across midnight.</summary>
    [SettingRange(0, 23, ErrorMessage = "Segments:NightStartHour/NightEndHour must be hours 0-23.")]
    public int NightStartHour { get; init; } = 22;

    [SettingRange(0, 23, ErrorMessage = "Segments:NightStartHour/NightEndHour must be hours 0-23.")]
    public int NightEndHour { get; init; } = 5;

    /// <summary>The time zone (IANA id) for time of day.</summary>
    [TimeZoneId(ErrorMessage = "Segments:TimeZoneId: unknown time zone '{0}' (use an IANA id such as 'America/New_York').")]
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>The most customers profiled; new customers beyond it are counted, not tracked.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "Segments:MaxCustomers must be at least 1.")]
    public int MaxCustomers { get; init; } = 1_000_000;
}
