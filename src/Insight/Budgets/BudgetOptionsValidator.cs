using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Budgets;

/// <summary>
/// Checks <see cref="BudgetOptions"/>: single settings from their DataAnnotations (source-generated, no
/// reflection); lists, amounts and months against each other in <see cref="Rules"/>.
/// </summary>
[OptionsValidator]
public sealed partial class BudgetOptionsValidator : IValidateOptions<BudgetOptions>
{
    /// <summary>Every problem of <paramref name="options"/>, each naming its setting.</summary>
    public static IReadOnlyList<string> Validate(BudgetOptions options) =>
        OptionsChecks.Failures(new BudgetOptionsValidator().Validate(Options.DefaultName, options), "Budgets", Rules(options));

    private static IEnumerable<string> Rules(BudgetOptions options)
    {
        foreach (double t in options.Thresholds)
        {
            if (!(t > 0 && t <= 10))
            {
                yield return $"Budgets:Thresholds: {t} is not a share of the budget between 0 (excluded) and 10.";
            }
        }

        if (options.RecommendFromMonths < 1 || options.RecommendFromMonths > options.HistoryMonths)
        {
            yield return $"Budgets:RecommendFromMonths must be between 1 and HistoryMonths (was {options.RecommendFromMonths}).";
        }

        if (options.MinHistoryMonths < 1 || options.MinHistoryMonths > options.RecommendFromMonths)
        {
            yield return $"Budgets:MinHistoryMonths must be between 1 and RecommendFromMonths (was {options.MinHistoryMonths}).";
        }

        if (options.MinRecommendedBudget < 0)
        {
            yield return $"Budgets:MinRecommendedBudget must not be negative (was {options.MinRecommendedBudget}).";
        }

        for (int i = 0; i < options.Budgets.Count; i++)
        {
            ConfiguredBudget b = options.Budgets[i];
            if (string.IsNullOrWhiteSpace(b.Category) || b.MonthlyAmount <= 0)
            {
                yield return $"Budgets:Budgets[{i}] needs a category and a positive monthly amount (was '{b.Category}', {b.MonthlyAmount}).";
            }
        }

        if (options.MaxTrackedTransactions < 1 || options.CorrectionRetention <= TimeSpan.Zero)
        {
            yield return "Budgets:MaxTrackedTransactions and Budgets:CorrectionRetention must be positive.";
        }
    }
}
