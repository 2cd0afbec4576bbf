namespace StreamGuard.LiveView.Models;

/// <summary>Spending in one category: the sum of its differentially private releases (noisy; small groups suppressed).</summary>
public sealed record CategoryTotal(string Category, long Count, decimal Amount);
