namespace StreamGuard.Insight.Budgets;

/// <summary>What the budget stage did; written by its task, read by anyone (values may lag).</summary>
public sealed class BudgetCounters
{
    internal long _spends;
    internal long _thresholdAlerts;
    internal long _forecastAlerts;
    internal long _corrections;
    internal long _suppressed;

    public long Spends => Volatile.Read(ref _spends);

    public long ThresholdAlerts => Volatile.Read(ref _thresholdAlerts);

    public long ForecastAlerts => Volatile.Read(ref _forecastAlerts);

    public long Alerts => ThresholdAlerts + ForecastAlerts;

    public long Corrections => Volatile.Read(ref _corrections);

    /// <summary>Alerts not raised because the customer had one within <see cref="BudgetOptions.CustomerAlertInterval"/>.</summary>
    public long Suppressed => Volatile.Read(ref _suppressed);
}
