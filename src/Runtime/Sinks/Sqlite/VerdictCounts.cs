namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>How many verdicts are stored, by kind, and how many still wait to be posted to the scorer.</summary>
public sealed record VerdictCounts(long Fraud, long NotFraud, long Waiting);
