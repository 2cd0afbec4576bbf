namespace StreamGuard.LiveView.Models;

/// <summary>POST /api/verdicts: a verdict ("fraud" or "not fraud") on a case of the queue.</summary>
public sealed record VerdictRequest(string? CaseId, string? Verdict);

/// <summary>What a verdict did: the alerted transactions it covers, how many rows were new or changed, how many labels the scorer took.</summary>
public sealed record VerdictResult(string CaseId, string Verdict, int Transactions, int Changed, int Posted, VerdictTotals Totals);

/// <summary>An API error: one line a person can act on.</summary>
public sealed record ApiError(string Error);
