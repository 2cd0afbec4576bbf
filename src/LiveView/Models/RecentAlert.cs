namespace StreamGuard.LiveView.Models;

/// <summary>A line of the live alert list.</summary>
public sealed record RecentAlert(string Id, string Type, string Severity, string EventTime, string Message);
