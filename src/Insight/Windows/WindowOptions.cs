using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Model;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Windows;

/// <summary>Settings of the event-time window stage.</summary>
public sealed class WindowOptions
{
    /// <summary>
    /// Window sizes kept per customer. Only days by default: a customer rarely spends twice in a
    /// minute or hour, so each event would open (and publish) a window of its own, and month totals
    /// per customer and category are what the budget stage keeps.
    /// </summary>
    public IList<WindowSize> CustomerWindows { get; init; } = [WindowSize.Day];

    /// <summary>Window sizes kept per budget category.</summary>
    public IList<WindowSize> CategoryWindows { get; init; } = [WindowSize.Minute, WindowSize.Hour, WindowSize.Day, WindowSize.Month];

    /// <summary>How far behind the newest event time the watermark trails (the expected disorder).</summary>
    [TimeSpanRange("00:00:00", ErrorMessage = "Windows:MaxOutOfOrderness must not be negative (was {0}).")]
    public TimeSpan MaxOutOfOrderness { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after the watermark passes a minute or hour window's end a late event still updates it.</summary>
    [TimeSpanRange("00:00:00", ErrorMessage = "Windows:AllowedLateness must not be negative (was {0}).")]
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The same for day and month windows. Generous by default: a replay at full speed interleaves
    /// whole PutRecords batches of its lanes in a shard, which puts events days apart when data is
    /// sparse, and a daily or monthly total should still count them. Each open day window costs
    /// memory per customer, so an operator with many customers and an ordered stream sets it lower.
    /// </summary>
    [TimeSpanRange("00:00:00", ErrorMessage = "Windows:CalendarAllowedLateness must not be negative (was {0}).")]
    public TimeSpan CalendarAllowedLateness { get; init; } = TimeSpan.FromDays(35);

    /// <summary>
    /// Shards feeding the stage. The watermark follows the slowest shard and does not move until
    /// this many have been seen, so a shard read first cannot make the others' events late.
    /// </summary>
    [SettingRange(1, 10_000, ErrorMessage = "Windows:ExpectedShards must be between 1 and 10000.")]
    public int ExpectedShards { get; init; } = 1;

    /// <summary>The operator's time zone (IANA id) for day and month boundaries.</summary>
    [TimeZoneId(ErrorMessage = "Windows:TimeZoneId: unknown time zone '{0}' (use an IANA id such as 'America/New_York').")]
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>Per-customer time zones (customer pseudonym to IANA id); others use <see cref="TimeZoneId"/>.</summary>
    public IReadOnlyDictionary<string, string> CustomerTimeZones { get; init; } = new Dictionary<string, string>();

    /// <summary>How long (event time behind the watermark) a transaction's contribution is kept so a correction can subtract it.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true, ErrorMessage = "Windows:CorrectionRetention must be positive (was {0}).")]
    public TimeSpan CorrectionRetention { get; init; } = TimeSpan.FromDays(35);

    /// <summary>The most contributions kept for corrections; the oldest go first.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "Windows:MaxTrackedTransactions must be at least 1.")]
    public int MaxTrackedTransactions { get; init; } = 500_000;

    /// <summary>A copy of these settings for a stage fed by <paramref name="shards"/> shards.</summary>
    public WindowOptions WithExpectedShards(int shards) => new()
    {
        CustomerWindows = CustomerWindows,
        CategoryWindows = CategoryWindows,
        MaxOutOfOrderness = MaxOutOfOrderness,
        AllowedLateness = AllowedLateness,
        CalendarAllowedLateness = CalendarAllowedLateness,
        ExpectedShards = shards,
        TimeZoneId = TimeZoneId,
        CustomerTimeZones = CustomerTimeZones,
        CorrectionRetention = CorrectionRetention,
        MaxTrackedTransactions = MaxTrackedTransactions,
    };

    internal static string NameOf(WindowSize size) => size switch
    {
        WindowSize.Minute => WindowNames.Minute,
        WindowSize.Hour => WindowNames.Hour,
        WindowSize.Day => WindowNames.Day,
        _ => WindowNames.Month,
    };

    internal static string NameOf(WindowKeyKind kind) => kind == WindowKeyKind.Customer ? WindowKeyKinds.Customer : WindowKeyKinds.Category;
}
