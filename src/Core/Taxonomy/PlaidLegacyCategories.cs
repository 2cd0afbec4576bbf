using System.Collections.Frozen;

namespace StreamGuard.Core.Taxonomy;

/// <summary>
/// Plaid's legacy (v1) category hierarchy, e.g. "Travel > Taxi" or "Shops > Supermarkets and
/// Groceries": the most specific level that is known decides, else the top level.
/// </summary>
public static class PlaidLegacyCategories
{
    private static readonly FrozenDictionary<string, string> s_topLevel = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
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

    private static readonly FrozenDictionary<string, string> s_sub = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Taxi"] = BudgetCategory.Transportation,
        ["Car Service"] = BudgetCategory.Transportation,
        ["Ride Share"] = BudgetCategory.Transportation,
        ["Public Transportation Services"] = BudgetCategory.Transportation,
        ["Gas Stations"] = BudgetCategory.Transportation,
        ["Parking"] = BudgetCategory.Transportation,
        ["Tolls and Fees"] = BudgetCategory.Transportation,
        ["Airlines and Aviation Services"] = BudgetCategory.Travel,
        ["Lodging"] = BudgetCategory.Travel,
        ["Car and Truck Rentals"] = BudgetCategory.Travel,
        ["Utilities"] = BudgetCategory.RentAndUtilities,
        ["Cable"] = BudgetCategory.RentAndUtilities,
        ["Telecommunication Services"] = BudgetCategory.RentAndUtilities,
        ["Rent"] = BudgetCategory.RentAndUtilities,
        ["Payroll"] = BudgetCategory.Income,
        ["Interest Earned"] = BudgetCategory.Income,
        ["Interest Charged"] = BudgetCategory.BankFees,
        ["Deposit"] = BudgetCategory.TransferIn,
        ["Credit"] = BudgetCategory.TransferIn,
        ["Debit"] = BudgetCategory.TransferOut,
        ["Withdrawal"] = BudgetCategory.TransferOut,
        ["Credit Card"] = BudgetCategory.LoanPayments,
        ["Loan"] = BudgetCategory.LoanPayments,
        ["Gyms and Fitness Centers"] = BudgetCategory.PersonalCare,
        ["Personal Care"] = BudgetCategory.PersonalCare,
        ["Supermarkets and Groceries"] = BudgetCategory.FoodAndDrink,
        ["Pharmacies"] = BudgetCategory.Medical,
        ["Home Improvement"] = BudgetCategory.HomeImprovement,
        ["Hardware Store"] = BudgetCategory.HomeImprovement,
        ["Arts and Entertainment"] = BudgetCategory.Entertainment,
        ["Insurance"] = BudgetCategory.GeneralServices,
        ["Government Departments and Agencies"] = BudgetCategory.GovernmentAndNonProfit,
        ["Charities and Non-Profits"] = BudgetCategory.GovernmentAndNonProfit,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a value is one of the legacy top-level names.</summary>
    public static bool IsTopLevel(string value) => s_topLevel.ContainsKey(value);

    /// <summary>The budget category of a legacy path, or null when its top level is unknown.</summary>
    public static string? Map(string path)
    {
        string[] parts = path.Split(" > ", StringSplitOptions.TrimEntries);
        for (int i = parts.Length - 1; i >= 1; i--)
        {
            if (s_sub.TryGetValue(parts[i], out string? sub))
            {
                return sub;
            }
        }

        return s_topLevel.GetValueOrDefault(parts[0]);
    }
}
