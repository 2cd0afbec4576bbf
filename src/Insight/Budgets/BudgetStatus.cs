namespace StreamGuard.Insight.Budgets;

/// <summary>
/// Where one customer stands in one category this month. <see cref="Budget"/> is null when none is
/// configured and history is too short to recommend one.
/// </summary>
public sealed record BudgetStatus(string CustomerId, string Category, DateOnly Month, decimal MonthToDate, decimal? Budget, string BudgetSource, decimal Forecast);
