using System.Collections.Frozen;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Taxonomy;

/// <summary>Maps source categories (Sparkov's, Plaid's v1 and personal-finance ones) to the budget taxonomy.</summary>
public static class CategoryMapper
{
    private static readonly FrozenDictionary<string, string> s_sparkov = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["gas_transport"] = BudgetCategory.Transportation,
        ["grocery_pos"] = BudgetCategory.FoodAndDrink,
        ["grocery_net"] = BudgetCategory.FoodAndDrink,
        ["food_dining"] = BudgetCategory.FoodAndDrink,
        ["shopping_pos"] = BudgetCategory.GeneralMerchandise,
        ["shopping_net"] = BudgetCategory.GeneralMerchandise,
        ["misc_pos"] = BudgetCategory.GeneralMerchandise,
        ["misc_net"] = BudgetCategory.GeneralMerchandise,
        ["entertainment"] = BudgetCategory.Entertainment,
        ["health_fitness"] = BudgetCategory.PersonalCare,
        ["home"] = BudgetCategory.HomeImprovement,
        ["kids_pets"] = BudgetCategory.GeneralMerchandise,
        ["personal_care"] = BudgetCategory.PersonalCare,
        ["travel"] = BudgetCategory.Travel,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Plaid's legacy (v1) hierarchy, by its first level; "Travel > Taxi" style paths.
    private static readonly FrozenDictionary<string, string> s_plaidLegacy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Food and Drink"] = BudgetCategory.FoodAndDrink,
        ["Shops"] = BudgetCategory.GeneralMerchandise,
        ["Travel"] = BudgetCategory.Travel,
        ["Recreation"] = BudgetCategory.Entertainment,
        ["Service"] = BudgetCategory.GeneralServices,
        ["Healthcare"] = BudgetCategory.Medical,
        ["Bank Fees"] = BudgetCategory.BankFees,
        ["Community"] = BudgetCategory.GovernmentAndNonProfit,
        ["Tax"] = BudgetCategory.GovernmentAndNonProfit,
        ["Payment"] = BudgetCategory.LoanPayments,
        ["Interest"] = BudgetCategory.Income,
        ["Transfer"] = BudgetCategory.TransferOut,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> s_plaidLegacySub = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Taxi"] = BudgetCategory.Transportation,
        ["Public Transportation Services"] = BudgetCategory.Transportation,
        ["Gas Stations"] = BudgetCategory.Transportation,
        ["Utilities"] = BudgetCategory.RentAndUtilities,
        ["Rent"] = BudgetCategory.RentAndUtilities,
        ["Payroll"] = BudgetCategory.Income,
        ["Deposit"] = BudgetCategory.TransferIn,
        ["Credit"] = BudgetCategory.TransferIn,
        ["Gyms and Fitness Centers"] = BudgetCategory.PersonalCare,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> s_primaries = BudgetCategory.Primaries.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The budget category for a source category, or null when it gives no usable category.</summary>
    public static string? Map(TransactionSource source, string? sourceCategory)
    {
        if (string.IsNullOrWhiteSpace(sourceCategory))
        {
            return null;
        }

        string value = sourceCategory.Trim();
        if (source == TransactionSource.Sparkov || s_sparkov.ContainsKey(value))
        {
            return s_sparkov.GetValueOrDefault(value);
        }

        if (s_primaries.Contains(value))
        {
            return value;
        }

        if (value.Contains(" > ", StringComparison.Ordinal) || s_plaidLegacy.ContainsKey(value))
        {
            string[] path = value.Split(" > ");
            for (int i = path.Length - 1; i >= 1; i--)
            {
                if (s_plaidLegacySub.TryGetValue(path[i], out string? sub))
                {
                    return sub;
                }
            }

            return s_plaidLegacy.GetValueOrDefault(path[0]);
        }

        // An upper-case primary this list does not know (a newer Plaid taxonomy) is kept as it is.
        return value.All(ch => char.IsAsciiLetterUpper(ch) || ch == '_') ? value : null;
    }
}
