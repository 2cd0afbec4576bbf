using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Insight.Budgets;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Budgets;

public sealed class BudgetTrackerTests
{
    private const string Food = BudgetCategory.FoodAndDrink;
    private int _next;

    private List<Alert> Spend(BudgetTracker tracker, string iso, decimal amount, string customer = "c1", string category = Food)
    {
        var alerts = new List<Alert>();
        tracker.Apply(Tx.Make("t" + _next++, Tx.Utc(iso), amount, customer: customer, category: category), alerts);
        return alerts;
    }

    private static BudgetTracker WithBudget(decimal amount, bool forecast = false) =>
        new(new BudgetOptions { Budgets = [new ConfiguredBudget(null, Food, amount)], ForecastOverrunAlert = forecast });

    [Fact]
    public void Apply_CrossingThresholds_EachAlertRaisedOncePerMonth()
    {
        BudgetTracker tracker = WithBudget(100m);

        Assert.Empty(Spend(tracker, "2026-05-01T10:00:00Z", 50m));
        Alert eighty = Assert.Single(Spend(tracker, "2026-05-02T10:00:00Z", 35m));
        Assert.Empty(Spend(tracker, "2026-05-03T10:00:00Z", 10m));
        Alert hundred = Assert.Single(Spend(tracker, "2026-05-04T10:00:00Z", 10m));
        Assert.Empty(Spend(tracker, "2026-05-05T10:00:00Z", 50m));

        Assert.Equal(AlertTypes.BudgetThreshold, eighty.Type);
        Assert.Equal("budget:c1:FOOD_AND_DRINK:2026-05:threshold-80%", eighty.AlertId);
        Assert.Contains("85.00 of 100.00", eighty.Message, StringComparison.Ordinal);
        Assert.Equal("budget:c1:FOOD_AND_DRINK:2026-05:threshold-100%", hundred.AlertId);
        Assert.Equal(2, tracker.Counters.ThresholdAlerts);

        // A new month starts afresh.
        Assert.Single(Spend(tracker, "2026-06-01T10:00:00Z", 85m));
    }

    [Fact]
    public void Apply_OtherCustomerOrCategoryOrIncome_NotMixed()
    {
        BudgetTracker tracker = WithBudget(100m);
        Spend(tracker, "2026-05-01T10:00:00Z", 70m);

        Assert.Empty(Spend(tracker, "2026-05-01T11:00:00Z", 70m, customer: "c2"));
        Assert.Empty(Spend(tracker, "2026-05-01T11:00:00Z", 5000m, category: BudgetCategory.Income));
        Assert.Empty(Spend(tracker, "2026-05-01T11:00:00Z", 70m, category: BudgetCategory.Travel));
        Assert.Equal(70m, tracker.StatusOf("c1", Food)!.MonthToDate);
        Assert.Null(tracker.StatusOf("c1", BudgetCategory.Income));
    }

    [Fact]
    public void Apply_NoConfiguredBudget_RecommendsMedianOfRecentMonths()
    {
        var tracker = new BudgetTracker(new BudgetOptions { ForecastOverrunAlert = false });
        Spend(tracker, "2026-02-10T10:00:00Z", 200m);
        Spend(tracker, "2026-03-10T10:00:00Z", 300m);
        Spend(tracker, "2026-04-10T10:00:00Z", 250m);
        Spend(tracker, "2026-05-02T10:00:00Z", 150m);

        BudgetStatus status = tracker.StatusOf("c1", Food)!;
        Assert.Equal(250m, status.Budget);
        Assert.StartsWith("recommended", status.BudgetSource, StringComparison.Ordinal);

        Alert alert = Assert.Single(Spend(tracker, "2026-05-03T10:00:00Z", 60m));
        Assert.Contains("80%", alert.AlertId, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MonthWithoutSpend_CountsAsZeroInHistory()
    {
        var tracker = new BudgetTracker(new BudgetOptions { ForecastOverrunAlert = false });
        Spend(tracker, "2026-01-10T10:00:00Z", 300m);
        Spend(tracker, "2026-03-10T10:00:00Z", 100m);
        Spend(tracker, "2026-04-10T10:00:00Z", 1m);

        // History: Jan 300, Feb 0, Mar 100: median 100.
        Assert.Equal(100m, tracker.StatusOf("c1", Food)!.Budget);
    }

    [Fact]
    public void Apply_RunRateOverBudget_ForecastAlertOnceBeforeThresholds()
    {
        BudgetTracker tracker = WithBudget(300m, forecast: true);
        Assert.Empty(Spend(tracker, "2026-06-01T10:00:00Z", 50m));
        Assert.Empty(Spend(tracker, "2026-06-05T10:00:00Z", 50m));

        Alert forecast = Assert.Single(Spend(tracker, "2026-06-10T10:00:00Z", 50m));
        Assert.Empty(Spend(tracker, "2026-06-11T10:00:00Z", 5m));

        Assert.EndsWith(":forecast", forecast.AlertId, StringComparison.Ordinal);
        Assert.Contains("450.00", forecast.Message, StringComparison.Ordinal);
        Assert.Equal(1, tracker.Counters.ForecastAlerts);
    }

    [Fact]
    public void Apply_Corrections_AdjustSpendWithoutAlerts()
    {
        BudgetTracker tracker = WithBudget(100m);
        var alerts = new List<Alert>();
        tracker.Apply(Tx.Make("a", Tx.Utc("2026-05-01T10:00:00Z"), 60m), alerts);
        tracker.Apply(Tx.Make("b", Tx.Utc("2026-05-01T11:00:00Z"), 10m), alerts);
        tracker.Apply(Tx.Make("a", Tx.Utc("2026-05-01T10:00:00Z"), 40m, change: ChangeKind.Modified), alerts);
        tracker.Apply(Tx.Make("b", Tx.Utc("2026-05-09T00:00:00Z"), 0m, change: ChangeKind.Removed), alerts);
        tracker.Apply(Tx.Make("a", Tx.Utc("2026-05-01T10:00:00Z"), 40m), alerts);

        Assert.Empty(alerts);
        Assert.Equal(40m, tracker.StatusOf("c1", Food)!.MonthToDate);
        Assert.Equal(2, tracker.Counters.Corrections);
    }

    [Fact]
    public void Apply_MonthEndInCustomerZone_FollowsLocalCalendar()
    {
        var tracker = new BudgetTracker(new BudgetOptions { TimeZoneId = "America/Los_Angeles", Budgets = [new ConfiguredBudget("c1", Food, 100m)] });

        // 2026-06-01T03:00Z is still May 31 in Los Angeles.
        Spend(tracker, "2026-06-01T03:00:00Z", 90m);

        BudgetStatus status = tracker.StatusOf("c1", Food)!;
        Assert.Equal(new DateOnly(2026, 5, 1), status.Month);
        Assert.Equal("configured", status.BudgetSource);
    }

    [Fact]
    public void Validate_BadSettings_NamesEachOne()
    {
        IReadOnlyList<string> errors = BudgetOptionsValidator.Validate(new BudgetOptions
        {
            Thresholds = [0.8, -1],
            Budgets = [new ConfiguredBudget(null, Food, 0m)],
            TimeZoneId = "Nowhere/Land",
        });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Budgets:Thresholds", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Budgets:Budgets[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Nowhere/Land", StringComparison.Ordinal));
    }
}
