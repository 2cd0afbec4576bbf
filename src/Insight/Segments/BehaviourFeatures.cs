using StreamGuard.Core.Taxonomy;

namespace StreamGuard.Insight.Segments;

/// <summary>The behaviour vector segments are built on, and how a category counts in it.</summary>
public static class BehaviourFeatures
{
    public const int LogAmount = 0;
    public const int LogPerWeek = 1;
    public const int Food = 2;
    public const int Travel = 3;
    public const int Shopping = 4;
    public const int Entertainment = 5;
    public const int Essentials = 6;
    public const int Night = 7;
    public const int Count = 8;

    /// <summary>The category-mix feature a category adds to, or -1 for none (it only dilutes the others).</summary>
    public static int GroupOf(string category) => category switch
    {
        BudgetCategory.FoodAndDrink => Food,
        BudgetCategory.Travel => Travel,
        BudgetCategory.GeneralMerchandise => Shopping,
        BudgetCategory.Entertainment => Entertainment,
        BudgetCategory.Transportation or BudgetCategory.RentAndUtilities or BudgetCategory.Medical or BudgetCategory.HomeImprovement
            or BudgetCategory.GeneralServices or BudgetCategory.PersonalCare or BudgetCategory.LoanPayments => Essentials,
        _ => -1,
    };
}
