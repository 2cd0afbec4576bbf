using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Insight.Budgets;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Budgets;

/// <summary>Budgets that make sense: a minimum history and amount before one is recommended; alerts that name the customer and currency, rate-limited per customer.</summary>
public sealed class BudgetRecommendationTests
{
    private const string Food = BudgetCategory.FoodAndDrink;
    private const string Travel = BudgetCategory.Travel;
    private int _next;

    private List<Alert> Spend(BudgetTracker tracker, string iso, decimal amount, string customer = "cust_a1", string category = Food)
    {
        var alerts = new List<Alert>();
        tracker.Apply(Tx.Make("t" + _next++, Tx.Utc(iso), amount, customer: customer, category: category), alerts);
        return alerts;
    }

    [Fact]
    public void StatusOf_MedianUnderMinimum_NoBudgetRecommendedAndNoAlert()
    {
        var tracker = new BudgetTracker(new BudgetOptions { ForecastOverrunAlert = false, MinRecommendedBudget = 50m });
        Spend(tracker, "2026-02-10T10:00:00Z", 0.64m);
        Spend(tracker, "2026-03-10T10:00:00Z", 0.70m);
        Spend(tracker, "2026-04-10T10:00:00Z", 0.50m);

        // Far over the tiny median, yet no alert: a $0.64 budget is not recommended.
        Assert.Empty(Spend(tracker, "2026-05-02T10:00:00Z", 30m));
        BudgetStatus status = tracker.StatusOf("cust_a1", Food)!;
        Assert.Null(status.Budget);
        Assert.Contains("0.64", status.BudgetSource, StringComparison.Ordinal);
        Assert.Contains("minimum", status.BudgetSource, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusOf_OneMonthOfHistory_NoBudgetRecommended()
    {
        var tracker = new BudgetTracker(new BudgetOptions { ForecastOverrunAlert = false, MinHistoryMonths = 2 });
        Spend(tracker, "2026-04-10T10:00:00Z", 400m);

        Assert.Empty(Spend(tracker, "2026-05-02T10:00:00Z", 900m));
        BudgetStatus status = tracker.StatusOf("cust_a1", Food)!;
        Assert.Null(status.Budget);
        Assert.Contains("fewer than 2 months", status.BudgetSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_RecommendedBudgetAlert_NamesCustomerCurrencyAndWhyRecommended()
    {
        var tracker = new BudgetTracker(new BudgetOptions { ForecastOverrunAlert = false });
        Spend(tracker, "2026-02-10T10:00:00Z", 200m);
        Spend(tracker, "2026-03-10T10:00:00Z", 300m);
        Spend(tracker, "2026-04-10T10:00:00Z", 250m);

        Alert alert = Assert.Single(Spend(tracker, "2026-05-03T10:00:00Z", 210m));

        Assert.StartsWith("cust_a1: ", alert.Message, StringComparison.Ordinal);
        Assert.Contains("210.00 of 250.00 USD", alert.Message, StringComparison.Ordinal);
        Assert.Contains("recommended: median of the last 3 months", alert.Message, StringComparison.Ordinal);
        Assert.Contains("from 2 months of history and at least 50.00", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SecondWarningWithinInterval_HeldBackButOverBudgetStillRaised()
    {
        var tracker = new BudgetTracker(new BudgetOptions
        {
            ForecastOverrunAlert = false,
            CustomerAlertInterval = TimeSpan.FromDays(7),
            Budgets = [new ConfiguredBudget(null, Food, 100m), new ConfiguredBudget(null, Travel, 100m)],
        });

        Assert.Single(Spend(tracker, "2026-05-01T10:00:00Z", 85m));                    // food 80 %: raised
        Assert.Empty(Spend(tracker, "2026-05-03T10:00:00Z", 85m, category: Travel));   // travel 80 %, 2 days later: held back
        Alert over = Assert.Single(Spend(tracker, "2026-05-04T10:00:00Z", 20m));       // food over budget: always raised
        Assert.Contains("100%", over.AlertId, StringComparison.Ordinal);
        Assert.Single(Spend(tracker, "2026-05-03T12:00:00Z", 85m, customer: "cust_b2")); // another customer: not limited
        Assert.Equal(1, tracker.Counters.Suppressed);
    }

    [Fact]
    public void Validate_NegativeMinimumOrInterval_NamesBoth()
    {
        IReadOnlyList<string> errors = BudgetOptionsValidator.Validate(new BudgetOptions { MinRecommendedBudget = -1m, CustomerAlertInterval = TimeSpan.FromDays(-1) });

        Assert.Contains(errors, e => e.Contains("MinRecommendedBudget", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("CustomerAlertInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void StatusOf_CustomerQuietWhileStreamMovesOn_ForecastCountsQuietDays()
    {
        var tracker = new BudgetTracker(new BudgetOptions { ForecastOverrunAlert = false });
        Spend(tracker, "2026-06-01T10:00:00Z", 100m);
        decimal early = tracker.StatusOf("cust_a1", Food)!.Forecast;

        // Another customer's spending moves the stream to June 15: cust_a1 spent nothing since June 1.
        Spend(tracker, "2026-06-15T10:00:00Z", 5m, customer: "cust_b2");
        decimal later = tracker.StatusOf("cust_a1", Food)!.Forecast;

        Assert.Equal(3000m, early);   // 100 on day 1 of 30: run-rate 3,000
        Assert.Equal(200m, later);    // 100 over 15 days: run-rate 200
    }
}
