using StreamGuard.Insight.Windows;

namespace StreamGuard.Insight.Budgets;

/// <summary>Checks <see cref="BudgetOptions"/> and names every bad setting at once.</summary>
public static class BudgetOptionsValidator
{
    public static IReadOnlyList<string> Validate(BudgetOptions options)
    {
        var errors = new List<string>();
        foreach (double t in options.Thresholds)
        {
            if (!(t > 0 && t <= 10))
            {
                errors.Add($"Budgets:Thresholds: {t} is not a share of the budget between 0 (excluded) and 10.");
            }
        }

        if (options.ForecastMinElapsedFraction is < 0 or > 1 || double.IsNaN(options.ForecastMinElapsedFraction))
        {
            errors.Add($"Budgets:ForecastMinElapsedFraction must be between 0 and 1 (was {options.ForecastMinElapsedFraction}).");
        }

        if (options.HistoryMonths is < 1 or > 60)
        {
            errors.Add($"Budgets:HistoryMonths must be between 1 and 60 (was {options.HistoryMonths}).");
        }

        if (options.RecommendFromMonths < 1 || options.RecommendFromMonths > options.HistoryMonths)
        {
            errors.Add($"Budgets:RecommendFromMonths must be between 1 and HistoryMonths (was {options.RecommendFromMonths}).");
        }

        if (options.MinHistoryMonths < 1 || options.MinHistoryMonths > options.RecommendFromMonths)
        {
            errors.Add($"Budgets:MinHistoryMonths must be between 1 and RecommendFromMonths (was {options.MinHistoryMonths}).");
        }

        if (options.MinRecommendedBudget < 0)
        {
            errors.Add($"Budgets:MinRecommendedBudget must not be negative (was {options.MinRecommendedBudget}).");
        }

        if (options.CustomerAlertInterval < TimeSpan.Zero)
        {
            errors.Add($"Budgets:CustomerAlertInterval must not be negative (was {options.CustomerAlertInterval}).");
        }

        for (int i = 0; i < options.Budgets.Count; i++)
        {
            ConfiguredBudget b = options.Budgets[i];
            if (string.IsNullOrWhiteSpace(b.Category) || b.MonthlyAmount <= 0)
            {
                errors.Add($"Budgets:Budgets[{i}] needs a category and a positive monthly amount (was '{b.Category}', {b.MonthlyAmount}).");
            }
        }

        if (options.MaxTrackedTransactions < 1 || options.CorrectionRetention <= TimeSpan.Zero)
        {
            errors.Add("Budgets:MaxTrackedTransactions and Budgets:CorrectionRetention must be positive.");
        }

        WindowOptionsValidator.CheckZone(options.TimeZoneId, "Budgets:TimeZoneId", errors);
        return errors;
    }

    public static void ThrowIfInvalid(BudgetOptions options)
    {
        IReadOnlyList<string> errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
    }
}
