namespace StreamGuard.LiveView.Models;

/// <summary>One customer (by pseudonym): this month by category against budget with the forecast, the trend, the segment, recent transactions and duplicates.</summary>
public sealed record CustomerView(
    string CustomerId,
    string? Segment,
    string? Month,
    IReadOnlyList<BudgetLine> Budgets,
    IReadOnlyList<MonthTotal> Trend,
    IReadOnlyList<CardTransaction> Recent,
    IReadOnlyList<DuplicateLine> Duplicates);

/// <summary>Month to date in one category against its budget (null: none configured or recommended) and the month-end forecast.</summary>
public sealed record BudgetLine(string Category, decimal MonthToDate, decimal? Budget, string BudgetSource, decimal Forecast, string Status);

/// <summary>Spending of one month (yyyy-MM).</summary>
public sealed record MonthTotal(string Month, decimal Amount, long Count);

/// <summary>A suspected duplicate charge.</summary>
public sealed record DuplicateLine(string AlertId, string? TransactionId, decimal? Amount, string EventTime, string Message);
