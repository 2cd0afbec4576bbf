namespace StreamGuard.LiveView.Models;

/// <summary>Analyst verdicts stored, and how many still wait for the scorer's label inbox.</summary>
public sealed record VerdictTotals(long Fraud, long NotFraud, long Waiting);
