using System.Globalization;
using StreamGuard.Core.Model;

namespace StreamGuard.Processor.Budgets;

public sealed partial class BudgetTracker
{
    private void Evaluate(EnrichedTransaction tx, BudgetState state, List<Alert> alerts)
    {
        (decimal? budgetOrNull, string source) = BudgetOf(tx.CustomerId, tx.Category, state);
        if (budgetOrNull is not decimal budget)
        {
            return;
        }

        string month = MonthStart(state.Month).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        for (int i = 0; i < _thresholds.Length; i++)
        {
            int bit = 1 << i;
            if ((state.AlertFlags & bit) == 0 && state.MonthToDate >= _thresholdShares[i] * budget)
            {
                state.AlertFlags |= bit;
                Counters._thresholdAlerts++;
                string share = _thresholds[i].ToString("0%", CultureInfo.InvariantCulture);
                alerts.Add(Create(tx, state, budget, month, "threshold-" + share, _thresholds[i] >= 1 ? "medium" : "low",
                    $"{tx.Category} spending reached {share} of the {month} budget: {Money(state.MonthToDate)} of {Money(budget)}.",
                    [$"threshold {share}", $"budget {source}"]));
            }
        }

        if (!_options.ForecastOverrunAlert || (state.AlertFlags & _forecastBit) != 0 || state.MonthToDate >= budget)
        {
            return;
        }

        DateOnly start = MonthStart(state.Month);
        double elapsed = (double)state.LastDay / DateTime.DaysInMonth(start.Year, start.Month);
        if (elapsed < _options.ForecastMinElapsedFraction)
        {
            return;
        }

        decimal forecast = ForecastOf(state);
        if (forecast > budget)
        {
            state.AlertFlags |= _forecastBit;
            Counters._forecastAlerts++;
            alerts.Add(Create(tx, state, budget, month, "forecast", "low",
                $"{tx.Category} spending is on course for {Money(forecast)} by the end of {month}, over the {Money(budget)} budget ({Money(state.MonthToDate)} so far).",
                ["forecast overrun", $"budget {source}", $"forecast {Money(forecast)}"]));
        }
    }

    private static Alert Create(EnrichedTransaction tx, BudgetState state, decimal budget, string month, string kind, string severity, string message, IReadOnlyList<string> reasons) => new()
    {
        // Deterministic: a replay raises the same alert id, so sinks can drop the repeat.
        AlertId = $"budget:{tx.CustomerId}:{tx.Category}:{month}:{kind}",
        Type = AlertTypes.BudgetThreshold,
        Severity = severity,
        EventTime = tx.EventTime,
        TransactionId = tx.TransactionId,
        CustomerId = tx.CustomerId,
        Category = tx.Category,
        Amount = state.MonthToDate,
        Score = (double)(state.MonthToDate / budget),
        Message = message,
        Reasons = reasons,
    };
}
