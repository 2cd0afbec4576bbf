namespace StreamGuard.LiveView.Models;

/// <summary>Everything the page shows, sent to every viewer several times a second.</summary>
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
    long DroppedUpdates);

/// <summary>Spending in one category since the dashboard started.</summary>
public sealed record CategoryTotal(string Category, long Count, decimal Amount);

/// <summary>A privacy-safe line of the live transaction list.</summary>
public sealed record RecentTransaction(string Id, string EventTime, string Merchant, string Category, decimal Amount, string Card, string Customer, double Score, bool Alert);

/// <summary>A line of the live alert list.</summary>
public sealed record RecentAlert(string Id, string Type, string Severity, string EventTime, string Message);

/// <summary>Which privacy settings are in force, shown on the page.</summary>
public sealed record PrivacyBanner(string PseudonymKeyId, bool MerchantLocationKept, double HomeCellDegrees);
