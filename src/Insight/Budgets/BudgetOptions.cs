using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Budgets;

/// <summary>Settings of per customer and category monthly budgets.</summary>
public sealed class BudgetOptions
{
    /// <summary>Shares of the budget at which month-to-date spend raises an alert, each once per month and category.</summary>
    public IList<double> Thresholds { get; init; } = [0.8, 1.0];

    /// <summary>Whether a month-end forecast above the budget raises an alert (once per month and category).</summary>
    public bool ForecastOverrunAlert { get; init; } = true;

    /// <summary>How much of the month must have passed before a forecast may raise an alert.</summary>
    [SettingRange(0d, 1d, ErrorMessage = "Budgets:ForecastMinElapsedFraction must be between 0 and 1.")]
    public double ForecastMinElapsedFraction { get; init; } = 0.25;

    /// <summary>Complete months of history kept per customer and category.</summary>
    [SettingRange(1, 60, ErrorMessage = "Budgets:HistoryMonths must be between 1 and 60.")]
    public int HistoryMonths { get; init; } = 6;

    /// <summary>A recommended budget is the median of this many most recent complete months.</summary>
    public int RecommendFromMonths { get; init; } = 3;

    /// <summary>Complete months needed before a budget is recommended.</summary>
    public int MinHistoryMonths { get; init; } = 2;

    /// <summary>A median of recent months below this amount is not recommended as a budget (a $0.64 budget helps nobody).</summary>
    public decimal MinRecommendedBudget { get; init; } = 50m;

    /// <summary>
    /// Event time that must pass after a budget alert of a customer (any category) before a warning
    /// (a threshold under 100 % or a forecast) is raised for them; a budget exceeded is always raised. Zero: no limit.
    /// </summary>
    [TimeSpanRange("00:00:00", ErrorMessage = "Budgets:CustomerAlertInterval must not be negative (was {0}).")]
    public TimeSpan CustomerAlertInterval { get; init; } = TimeSpan.FromDays(7);

    public IList<ConfiguredBudget> Budgets { get; init; } = [];

    /// <summary>The time zone (IANA id) whose calendar months the budgets follow.</summary>
    [TimeZoneId(ErrorMessage = "Budgets:TimeZoneId: unknown time zone '{0}' (use an IANA id such as 'America/New_York').")]
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>How long a transaction's amount is kept so a correction can subtract it.</summary>
    public TimeSpan CorrectionRetention { get; init; } = TimeSpan.FromDays(62);

    public int MaxTrackedTransactions { get; init; } = 500_000;
}
