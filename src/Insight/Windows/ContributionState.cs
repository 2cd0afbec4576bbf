namespace StreamGuard.Insight.Windows;

/// <summary>One transaction's contribution, as kept for corrections (keyed by <see cref="ContributionLedger.KeyOf"/>).</summary>
public sealed record ContributionState(long TransactionKey, long EventUtcTicks, decimal Amount, string CustomerId, string Category, int Applied);
