namespace StreamGuard.LiveView.Models;

/// <summary>A card's recent transactions with their scores (newest first), what is usual for the card, and its verdicts.</summary>
public sealed record CardHistory(string CardId, string? CustomerId, IReadOnlyList<CardTransaction> Transactions, CardUsual Usual, IReadOnlyList<VerdictLine> Verdicts, double? AlertThreshold);

/// <summary>One transaction of a card's history.</summary>
public sealed record CardTransaction(string Id, string EventTime, string Merchant, string Category, decimal Amount, double Score, bool Alert);

/// <summary>What is usual for a card over the transactions shown: typical amounts, categories and hours.</summary>
public sealed record CardUsual(int Transactions, decimal MedianAmount, decimal P90Amount, IReadOnlyList<string> TopCategories, string UsualHours);

/// <summary>A stored verdict on one transaction.</summary>
public sealed record VerdictLine(string TransactionId, string CardId, string Verdict, string EventTime, string DecidedAt, bool Posted);
