using StreamGuard.Core.Taxonomy;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The fixed public category list every DP release covers, zeros included: Plaid's primaries.
/// Anything else (an unknown code, UNCATEGORIZED) is released as OTHER, so which rows exist never
/// depends on the data.
/// </summary>
public static class ReleaseCategories
{
    public static IReadOnlyList<string> All => BudgetCategory.Primaries;

    public static int IndexOf(string category)
    {
        int i = IndexOfKnown(category);
        return i >= 0 ? i : IndexOfKnown(BudgetCategory.Other);
    }

    private static int IndexOfKnown(string category)
    {
        IReadOnlyList<string> all = BudgetCategory.Primaries;
        for (int i = 0; i < all.Count; i++)
        {
            if (string.Equals(all[i], category, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
