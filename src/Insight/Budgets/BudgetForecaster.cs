namespace StreamGuard.Insight.Budgets;

/// <summary>
/// Month-end spend forecast: the month-to-date run-rate projected over the remaining days, each day
/// weighted by the customer's weekday pattern, blended with the history (median of recent months)
/// in proportion to how much of the month is still to come. Never below what is already spent.
/// </summary>
public static class BudgetForecaster
{
    /// <param name="monthStart">The first day of the month.</param>
    /// <param name="elapsedDays">Days of the month seen so far (1 = only the first day).</param>
    /// <param name="monthToDate">Spend so far.</param>
    /// <param name="weekdayAverage">Average spend per weekday (index = <see cref="DayOfWeek"/>) in past months, or empty for a flat pattern.</param>
    /// <param name="historyMedian">Median of recent complete months, or null without history.</param>
    public static decimal Forecast(DateOnly monthStart, int elapsedDays, decimal monthToDate, ReadOnlySpan<decimal> weekdayAverage, decimal? historyMedian)
    {
        int days = DateTime.DaysInMonth(monthStart.Year, monthStart.Month);
        elapsedDays = Math.Clamp(elapsedDays, 1, days);
        Span<double> weight = stackalloc double[7];
        weight.Fill(1);
        if (weekdayAverage.Length == 7)
        {
            decimal mean = 0;
            foreach (decimal a in weekdayAverage)
            {
                mean += a / 7;
            }

            if (mean > 0)
            {
                for (int i = 0; i < 7; i++)
                {
                    // A floor keeps a weekday with no history from making its days count for nothing.
                    weight[i] = Math.Max(0.05, (double)(weekdayAverage[i] / mean));
                }
            }
        }

        double elapsedWeight = 0, remainingWeight = 0;
        int firstWeekday = (int)monthStart.DayOfWeek;
        for (int day = 0; day < days; day++)
        {
            double w = weight[(firstWeekday + day) % 7];
            if (day < elapsedDays)
            {
                elapsedWeight += w;
            }
            else
            {
                remainingWeight += w;
            }
        }

        decimal runRate = monthToDate + (monthToDate * (decimal)(remainingWeight / elapsedWeight));
        if (historyMedian is not decimal history)
        {
            return Math.Max(monthToDate, runRate);
        }

        decimal elapsed = (decimal)elapsedDays / days;
        return Math.Max(monthToDate, (elapsed * runRate) + ((1 - elapsed) * history));
    }
}
