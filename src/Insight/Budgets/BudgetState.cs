namespace StreamGuard.Insight.Budgets;

/// <summary>One customer's spending in one category: this month by day, and complete months before.</summary>
internal sealed class BudgetState
{
    public int Month { get; set; } = int.MinValue;
    public decimal MonthToDate { get; set; }
    public int LastDay { get; set; }
    /// <summary>This month's spend by weekday (index = <see cref="DayOfWeek"/>).</summary>
    public decimal[] MonthByWeekday { get; } = new decimal[7];
    /// <summary>Complete months, oldest first; allocated at the first month roll (most pairs never get one).</summary>
    public List<(int Month, decimal Total)>? History { get; set; }

    public decimal[]? WeekdayTotals { get; set; }
    public int[]? WeekdayDays { get; set; }
    public int AlertFlags { get; set; }

    /// <summary>The budget as last worked out; it changes only when history does.</summary>
    public (decimal? Budget, string Source)? CachedBudget { get; set; }

    /// <summary>Median of recent months, worked out with <see cref="CachedBudget"/>.</summary>
    public decimal? CachedMedian { get; set; }

    /// <summary>Average spend per weekday over past months, worked out at each month roll; null without history.</summary>
    public decimal[]? WeekdayAverage { get; set; }
}
