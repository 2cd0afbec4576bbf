using System.Globalization;
using StreamGuard.Core.Model;

namespace StreamGuard.Insight.Budgets;

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
        string currency = tx.Currency;
        for (int i = 0; i < _thresholds.Length; i++)
        {
            int bit = 1 << i;
            if ((state.AlertFlags & bit) == 0 && state.MonthToDate >= _thresholdShares[i] * budget)
            {
                state.AlertFlags |= bit;
                if (RateLimited(tx, overBudget: _thresholds[i] >= 1))
                {
                    continue;
                }

                Counters._thresholdAlerts++;
                string share = _thresholds[i].ToString("0%", CultureInfo.InvariantCulture);
                alerts.Add(Create(tx, state, budget, month, "threshold-" + share, _thresholds[i] >= 1 ? "medium" : "low",
                    $"{tx.CustomerId}: {tx.Category} spending reached {share} of the {month} budget: {Money(state.MonthToDate)} of {Money(budget)} {currency} (budget {source}).",
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
            if (RateLimited(tx, overBudget: false))
            {
                return;
            }

            Counters._forecastAlerts++;
            alerts.Add(Create(tx, state, budget, month, "forecast", "low",
                $"{tx.CustomerId}: {tx.Category} spending is on course for {Money(forecast)} {currency} by the end of {month}, over the {Money(budget)} {currency} budget ({Money(state.MonthToDate)} {currency} so far; budget {source}).",
                ["forecast overrun", $"budget {source}", $"forecast {Money(forecast)}"]));
        }
    }

    /// <summary>
    /// True when the customer had a budget alert too recently (event time) for this one to be raised;
    /// otherwise records it. A budget actually exceeded is always raised: only warnings are held back.
    /// </summary>
    private bool RateLimited(EnrichedTransaction tx, bool overBudget)
    {
        long ticks = tx.EventTime.UtcTicks;
        if (!overBudget && _options.CustomerAlertInterval > TimeSpan.Zero && _lastAlertTicks.TryGetValue(tx.CustomerId, out long last)
            && ticks - last < _options.CustomerAlertInterval.Ticks && ticks >= last)
        {
            Counters._suppressed++;
            return true;
        }

        _lastAlertTicks[tx.CustomerId] = ticks;
        return false;
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
