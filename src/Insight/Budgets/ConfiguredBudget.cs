namespace StreamGuard.Insight.Budgets;

/// <summary>A monthly budget set by the operator: for one customer, or for everyone when <see cref="CustomerId"/> is null.</summary>
public sealed record ConfiguredBudget(string? CustomerId, string Category, decimal MonthlyAmount);
