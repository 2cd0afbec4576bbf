namespace StreamGuard.Processor.Windows;

/// <summary>One transaction's contribution, as kept for corrections.</summary>
public sealed record ContributionState(string TransactionId, long EventUtcTicks, decimal Amount, string CustomerId, string Category, int Applied);
