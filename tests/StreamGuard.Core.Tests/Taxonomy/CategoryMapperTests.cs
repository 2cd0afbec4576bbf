using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;

namespace StreamGuard.Core.Tests.Taxonomy;

public sealed class CategoryMapperTests
{
    [Theory]
    [InlineData("gas_transport", BudgetCategory.Transportation)]
    [InlineData("grocery_pos", BudgetCategory.FoodAndDrink)]
    [InlineData("grocery_net", BudgetCategory.FoodAndDrink)]
    [InlineData("food_dining", BudgetCategory.FoodAndDrink)]
    [InlineData("shopping_pos", BudgetCategory.GeneralMerchandise)]
    [InlineData("shopping_net", BudgetCategory.GeneralMerchandise)]
    [InlineData("misc_pos", BudgetCategory.GeneralMerchandise)]
    [InlineData("misc_net", BudgetCategory.GeneralMerchandise)]
    [InlineData("entertainment", BudgetCategory.Entertainment)]
    [InlineData("health_fitness", BudgetCategory.PersonalCare)]
    [InlineData("home", BudgetCategory.HomeImprovement)]
    [InlineData("kids_pets", BudgetCategory.GeneralMerchandise)]
    [InlineData("personal_care", BudgetCategory.PersonalCare)]
    [InlineData("travel", BudgetCategory.Travel)]
    [InlineData(" Travel ", BudgetCategory.Travel)]
    public void Map_EverySparkovCategory_MapsToPrimary(string source, string expected) =>
        Assert.Equal(expected, CategoryMapper.Map(TransactionSource.Sparkov, source));

    [Fact]
    public void Map_UnknownSparkovCategory_ReturnsNullWithoutThrowing() =>
        Assert.Null(CategoryMapper.Map(TransactionSource.Sparkov, "crypto_pos"));

    [Fact]
    public void Map_EveryV2Primary_KeptAsItIs()
    {
        Assert.Equal(18, BudgetCategory.Primaries.Count);
        foreach (string primary in BudgetCategory.Primaries)
        {
            Assert.Equal(primary, CategoryMapper.Map(TransactionSource.Plaid, primary));
        }
    }

    [Theory]
    [InlineData("FOOD_AND_DRINK_COFFEE", BudgetCategory.FoodAndDrink)]
    [InlineData("TRANSPORTATION_TAXIS_AND_RIDE_SHARES", BudgetCategory.Transportation)]
    [InlineData("LOAN_PAYMENTS_CREDIT_CARD_PAYMENT", BudgetCategory.LoanPayments)]
    [InlineData("LOAN_DISBURSEMENTS_PERSONAL", BudgetCategory.LoanDisbursements)]
    [InlineData("TRANSFER_IN_DEPOSIT", BudgetCategory.TransferIn)]
    [InlineData("INCOME_WAGES", BudgetCategory.Income)]
    [InlineData("food_and_drink", BudgetCategory.FoodAndDrink)]
    public void Map_PlaidDetailedOrLowerCase_MapsToItsPrimary(string source, string expected) =>
        Assert.Equal(expected, CategoryMapper.Map(TransactionSource.Plaid, source));

    [Theory]
    [InlineData("Travel > Taxi", BudgetCategory.Transportation)]
    [InlineData("Travel > Airlines and Aviation Services", BudgetCategory.Travel)]
    [InlineData("Food and Drink > Restaurants > Coffee Shop", BudgetCategory.FoodAndDrink)]
    [InlineData("Transfer > Payroll", BudgetCategory.Income)]
    [InlineData("Payment > Credit Card", BudgetCategory.LoanPayments)]
    [InlineData("Shops > Supermarkets and Groceries", BudgetCategory.FoodAndDrink)]
    [InlineData("Service > Utilities > Electric", BudgetCategory.RentAndUtilities)]
    [InlineData("Shops", BudgetCategory.GeneralMerchandise)]
    public void Map_PlaidLegacyPath_MostSpecificKnownLevelWins(string source, string expected) =>
        Assert.Equal(expected, CategoryMapper.Map(TransactionSource.Plaid, source));

    [Theory]
    [InlineData("CRYPTO_ASSETS")]
    [InlineData("SUBSCRIPTIONS")]
    public void Map_UnknownUpperCasePrimary_KeptAsString(string source) =>
        Assert.Equal(source, CategoryMapper.Map(TransactionSource.Plaid, source));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("UNCATEGORIZED")]
    [InlineData("Strange > Unknown")]
    [InlineData("weird text!")]
    public void Map_NoUsableCategory_ReturnsNull(string? source) =>
        Assert.Null(CategoryMapper.Map(TransactionSource.Plaid, source));

    [Theory]
    [InlineData(BudgetCategory.FoodAndDrink, true)]
    [InlineData(BudgetCategory.Income, false)]
    [InlineData(BudgetCategory.TransferIn, false)]
    [InlineData("SOMETHING_NEW", true)]
    public void IsSpending_Category_Expected(string category, bool expected) =>
        Assert.Equal(expected, BudgetCategory.IsSpending(category));
}
