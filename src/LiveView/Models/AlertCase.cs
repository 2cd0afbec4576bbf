namespace StreamGuard.LiveView.Models;

/// <summary>
/// The alerts of one card (or one customer, for alerts without a card) as one case of the queue:
/// its worst severity, its alert types, the plain-words reasons and the analyst's verdict.
/// </summary>
public sealed record AlertCase(
    string CaseId,
    string? CardId,
    string? Card,
    string? CustomerId,
    string Severity,
    IReadOnlyList<string> Types,
    string FirstEventTime,
    string LatestEventTime,
    int AlertCount,
    double? TopScore,
    IReadOnlyList<string> Reasons,
    string? ModelVersion,
    string? Verdict,
    IReadOnlyList<CaseAlert> Alerts);

/// <summary>One alert of a case.</summary>
public sealed record CaseAlert(string AlertId, string Type, string Severity, string EventTime, string? TransactionId, decimal? Amount, double? Score, string Message, IReadOnlyList<string> Reasons, string? ModelVersion);
