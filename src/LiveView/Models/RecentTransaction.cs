namespace StreamGuard.LiveView.Models;

/// <summary>A privacy-safe line of the live transaction list.</summary>
public sealed record RecentTransaction(string Id, string EventTime, string Merchant, string Category, decimal Amount, string Card, string Customer, double Score, bool Alert);
