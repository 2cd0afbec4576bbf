using StreamGuard.Insight.Budgets;
using StreamGuard.Insight.Categorization;
using StreamGuard.Insight.Duplicates;
using StreamGuard.Insight.Segments;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Insight;

/// <summary>Settings of every spending-insight stage (configuration section "Insight").</summary>
public sealed class InsightOptions
{
    public MerchantCategorizerOptions Categorization { get; init; } = new();
    public WindowOptions Windows { get; init; } = new();
    public BudgetOptions Budgets { get; init; } = new();
    public SegmentOptions Segments { get; init; } = new();
    public DuplicateOptions Duplicates { get; init; } = new();

    /// <summary>Every problem in every section, each naming its setting.</summary>
    public IReadOnlyList<string> Validate() =>
    [
        .. MerchantCategorizerOptionsValidator.Validate(Categorization),
        .. WindowOptionsValidator.Validate(Windows),
        .. BudgetOptionsValidator.Validate(Budgets),
        .. SegmentOptionsValidator.Validate(Segments),
        .. DuplicateOptionsValidator.Validate(Duplicates),
    ];
}
