namespace StreamGuard.Core.Taxonomy;

/// <summary>
/// The one budget taxonomy: Plaid's personal_finance_category primaries (the 18 of taxonomy v2,
/// which keeps v1's 16 and adds LOAN_DISBURSEMENTS and OTHER). Categories are plain strings so a
/// value this list does not know yet still flows through.
/// </summary>
public static class BudgetCategory
{
    public const string Income = "INCOME";
    public const string TransferIn = "TRANSFER_IN";
    public const string TransferOut = "TRANSFER_OUT";
    public const string LoanPayments = "LOAN_PAYMENTS";
    public const string LoanDisbursements = "LOAN_DISBURSEMENTS";
    public const string BankFees = "BANK_FEES";
    public const string Entertainment = "ENTERTAINMENT";
    public const string FoodAndDrink = "FOOD_AND_DRINK";
    public const string GeneralMerchandise = "GENERAL_MERCHANDISE";
    public const string HomeImprovement = "HOME_IMPROVEMENT";
    public const string Medical = "MEDICAL";
    public const string PersonalCare = "PERSONAL_CARE";
    public const string GeneralServices = "GENERAL_SERVICES";
    public const string GovernmentAndNonProfit = "GOVERNMENT_AND_NON_PROFIT";
    public const string Transportation = "TRANSPORTATION";
    public const string Travel = "TRAVEL";
    public const string RentAndUtilities = "RENT_AND_UTILITIES";
    public const string Other = "OTHER";

    /// <summary>Used when a transaction has no usable category and none could be inferred.</summary>
    public const string Uncategorized = "UNCATEGORIZED";

    public static IReadOnlyList<string> Primaries { get; } =
    [
        Income, TransferIn, TransferOut, LoanPayments, LoanDisbursements, BankFees, Entertainment, FoodAndDrink,
        GeneralMerchandise, HomeImprovement, Medical, PersonalCare, GeneralServices, GovernmentAndNonProfit,
        Transportation, Travel, RentAndUtilities, Other,
    ];

    /// <summary>
    /// Whether money in this category counts as spending for budgets: everything except money coming
    /// in and moves between one's own accounts. An unknown category counts, so nothing is hidden.
    /// </summary>
    public static bool IsSpending(string category) => category switch
    {
        Income or TransferIn or TransferOut or LoanDisbursements => false,
        _ => true,
    };
}
