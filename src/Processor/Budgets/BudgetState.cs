namespace StreamGuard.Processor.Budgets;

/// <summary>One customer's spending in one category: this month by day, and complete months before.</summary>
internal sealed class BudgetState
{
    public int Month { get; set; } = int.MinValue;
    public decimal MonthToDate { get; set; }
    public int LastDay { get; set; }
    public decimal[] Daily { get; } = new decimal[31];
    public List<(int Month, decimal Total)> History { get; } = [];
    public decimal[] WeekdayTotals { get; } = new decimal[7];
    public int[] WeekdayDays { get; } = new int[7];
    public int AlertFlags { get; set; }
}
