using System.Collections.Frozen;
using StreamGuard.Core.Model;

namespace StreamGuard.Core.Taxonomy;

/// <summary>
/// Maps source categories (Sparkov's, Plaid's legacy v1 hierarchy, and personal_finance_category
/// v1/v2 primaries and detailed values) to the budget taxonomy. Never throws on an unknown value.
/// </summary>
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

    private static readonly FrozenSet<string> s_primaries = BudgetCategory.Primaries.ToFrozenSet(StringComparer.Ordinal);

    // Longest first, so "TRANSFER_IN_..." never matches a shorter primary that is its prefix.
    private static readonly string[] s_primariesLongestFirst = [.. BudgetCategory.Primaries.OrderByDescending(p => p.Length)];

    /// <summary>The budget category for a source category, or null when it gives no usable category.</summary>
    public static string? Map(TransactionSource source, string? sourceCategory)
    {
        if (string.IsNullOrWhiteSpace(sourceCategory))
        {
            return null;
        }

        string value = sourceCategory.Trim();
        if (s_sparkov.TryGetValue(value, out string? sparkov))
        {
            return sparkov;
        }

        if (source == TransactionSource.Sparkov)
        {
            return null;
        }

        if (s_primaries.Contains(value))
        {
            return value;
        }

        if (value.Contains(" > ", StringComparison.Ordinal) || PlaidLegacyCategories.IsTopLevel(value))
        {
            return PlaidLegacyCategories.Map(value);
        }

        if (IsTaxonomyCode(value))
        {
            string upper = IsUpperCode(value) ? value : value.ToUpperInvariant();
            if (upper == BudgetCategory.Uncategorized)
            {
                return null;
            }

            // A detailed value such as FOOD_AND_DRINK_COFFEE names its primary as a prefix.
            return PrimaryOfDetailed(upper) ?? upper;
        }

        return null;
    }

    /// <summary>The primary a detailed personal_finance_category value belongs to, or null.</summary>
    public static string? PrimaryOfDetailed(string detailed)
    {
        foreach (string primary in s_primariesLongestFirst)
        {
            if (detailed.Length > primary.Length && detailed[primary.Length] == '_'
                && detailed.StartsWith(primary, StringComparison.OrdinalIgnoreCase))
            {
                return primary;
            }

            if (detailed.Equals(primary, StringComparison.OrdinalIgnoreCase))
            {
                return primary;
            }
        }

        return null;
    }

    private static bool IsTaxonomyCode(string value)
    {
        foreach (char ch in value)
        {
            if (!char.IsAsciiLetter(ch) && ch != '_' && !char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return char.IsAsciiLetter(value[0]);
    }

    private static bool IsUpperCode(string value)
    {
        foreach (char ch in value)
        {
            if (char.IsAsciiLetterLower(ch))
            {
                return false;
            }
        }

        return true;
    }
}
