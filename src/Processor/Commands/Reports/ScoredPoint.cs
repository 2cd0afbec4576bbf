namespace StreamGuard.Processor.Commands.Reports;

/// <summary>One labelled transaction as the score stage saw it: before the scorer learned from it.</summary>
public sealed record ScoredPoint(string TransactionId, DateTimeOffset EventTime, double Score, bool Alert, bool IsFraud, IReadOnlyList<string> Reasons);
