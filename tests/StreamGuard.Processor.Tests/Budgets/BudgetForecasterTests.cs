using StreamGuard.Insight.Budgets;

namespace StreamGuard.Processor.Tests.Budgets;

public sealed class BudgetForecasterTests
{
    private static readonly DateOnly s_june = new(2026, 6, 1);

    [Fact]
    public void Forecast_SteadySpendNoHistory_ProjectsRunRate() =>
        Assert.Equal(300m, BudgetForecaster.Forecast(s_june, 10, 100m, [], null));

    [Fact]
    public void Forecast_HalfMonthWithHistory_BlendsEqually() =>
        Assert.Equal(450m, BudgetForecaster.Forecast(s_june, 15, 150m, [], 600m));

    [Fact]
    public void Forecast_EarlyInMonth_LeansOnHistory()
    {
        decimal forecast = BudgetForecaster.Forecast(s_june, 1, 100m, [], 600m);

        // Day 1 of 30: 1/30 run-rate (3000) + 29/30 history (600) = 680.
        Assert.Equal(680m, decimal.Round(forecast, 6));
    }

    [Fact]
    public void Forecast_SaturdayOnlySpender_ProjectsRemainingSaturdays()
    {
        decimal[] saturdaysOnly = [0, 0, 0, 0, 0, 0, 70m];

        // June 2026 starts on a Monday; its Saturdays are the 6th, 13th, 20th and 27th.
        decimal forecast = BudgetForecaster.Forecast(s_june, 7, 100m, saturdaysOnly, null);
        decimal flat = BudgetForecaster.Forecast(s_june, 7, 100m, [], null);

        Assert.InRange(forecast, 390m, 420m);
        Assert.Equal(428.57m, decimal.Round(flat, 2));
    }

    [Fact]
    public void Forecast_NeverBelowMonthToDate() =>
        Assert.Equal(900m, BudgetForecaster.Forecast(s_june, 30, 900m, [], 10m));
}
