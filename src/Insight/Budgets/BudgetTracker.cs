using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Insight.Budgets;

/// <summary>
/// Per customer and category monthly budgets (configured, or recommended as the median of recent
/// months), month-to-date spend in the operator's calendar, a month-end forecast, and
/// budget_threshold alerts each raised once per month, category and kind. Corrections and a posted
/// transaction replacing its pending one adjust spend without raising alerts.
/// Not thread-safe: one stage task owns it.
/// </summary>
public sealed partial class BudgetTracker
{
    private readonly BudgetOptions _options;
    private readonly double[] _thresholds;
    private readonly decimal[] _thresholdShares;
    private readonly int _forecastBit;
    private readonly ZonedCalendar _calendar;
    private readonly Dictionary<(string Customer, string Category), BudgetState> _states = [];
    private readonly Dictionary<(string Customer, string Category), decimal> _configured = [];
    private readonly ContributionLedger _ledger;
    private readonly Dictionary<string, long> _lastAlertTicks = new(StringComparer.Ordinal);
    private long _maxTicks;

    public BudgetTracker(BudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _thresholds = [.. options.Thresholds.Distinct().Order()];
        _thresholdShares = [.. _thresholds.Select(t => (decimal)t)];
        _forecastBit = 1 << _thresholds.Length;
        _calendar = new ZonedCalendar(TimeZoneInfo.FindSystemTimeZoneById(options.TimeZoneId));
        foreach (ConfiguredBudget b in options.Budgets)
        {
            _configured[(b.CustomerId ?? "", b.Category)] = b.MonthlyAmount;
        }

        _ledger = new ContributionLedger(options.CorrectionRetention, options.MaxTrackedTransactions);
    }

    public BudgetCounters Counters { get; } = new();

    /// <summary>Applies one live transaction; alerts it raises are appended to <paramref name="alerts"/>.</summary>
    public void Apply(EnrichedTransaction tx, List<Alert> alerts)
    {
        bool spending = BudgetCategory.IsSpending(tx.Category);
        switch (tx.Change)
        {
            case ChangeKind.Added:
                if (_ledger.Contains(tx.TransactionId))
                {
                    return;
                }

                if (tx.PendingTransactionId is { } pendingId && _ledger.Remove(pendingId, out Contribution pending))
                {
                    Undo(pending);
                }

                break;
            case ChangeKind.Modified:
                if (_ledger.Remove(tx.TransactionId, out Contribution before))
                {
                    Undo(before);
                }

                break;
            case ChangeKind.Removed:
                if (_ledger.Remove(tx.TransactionId, out Contribution removed))
                {
                    Undo(removed);
                }

                return;
        }

        if (!spending)
        {
            return;
        }

        long ticks = tx.EventTime.UtcTicks;
        _maxTicks = Math.Max(_maxTicks, ticks);
        _ledger.Set(tx.TransactionId, new Contribution(ticks, tx.Amount, tx.CustomerId, tx.Category, 0));
        Counters._spends++;
        BudgetState state = Spend(tx.CustomerId, tx.Category, ticks, tx.Amount, out bool currentMonth);
        if (currentMonth && tx.Amount > 0)
        {
            Evaluate(tx, state, alerts);
        }

        _ledger.Evict(_maxTicks);
    }

    /// <summary>Where a customer stands in a category, or null if they have spent nothing in it.</summary>
    public BudgetStatus? StatusOf(string customerId, string category)
    {
        if (!_states.TryGetValue((customerId, category), out BudgetState? state) || state.Month == int.MinValue)
        {
            return null;
        }

        (decimal? budget, string source) = BudgetOf(customerId, category, state);
        return new BudgetStatus(customerId, category, MonthStart(state.Month), state.MonthToDate, budget, source, ForecastOf(state, ElapsedDays(state)));
    }

    private void Undo(Contribution old)
    {
        Counters._corrections++;
        Spend(old.CustomerId, old.Category, old.EventUtcTicks, -old.Amount, out _);
    }

    private BudgetState Spend(string customer, string category, long ticks, decimal amount, out bool currentMonth)
    {
        DateOnly date = _calendar.LocalDate(ticks);
        int month = (date.Year * 12) + date.Month - 1;
        if (!_states.TryGetValue((customer, category), out BudgetState? state))
        {
            // Keyed by the ledger's copies of the names: one string per customer, not one per standing.
            customer = _ledger.InternName(customer);
            category = _ledger.InternName(category);
            state = new BudgetState();
            _states[(customer, category)] = state;
        }

        StandingChanged(customer, category);

        if (month > state.Month)
        {
            Roll(state, month);
        }

        currentMonth = month == state.Month;
        if (currentMonth)
        {
            state.MonthToDate += amount;
            state.MonthByWeekday[(int)date.DayOfWeek] += amount;
            state.LastDay = Math.Max(state.LastDay, date.Day);
            return state;
        }

        // A late event of a past month corrects that month's history only.
        int i = state.History?.FindIndex(h => h.Month == month) ?? -1;
        if (i >= 0)
        {
            state.History![i] = (month, state.History[i].Total + amount);
            state.CachedBudget = null;
        }

        return state;
    }

    private void Roll(BudgetState state, int month)
    {
        if (state.Month != int.MinValue)
        {
            state.History ??= [];
            state.WeekdayTotals ??= new decimal[7];
            state.WeekdayDays ??= new int[7];
            state.WeekdayAverage ??= new decimal[7];
            DateOnly start = MonthStart(state.Month);
            int days = DateTime.DaysInMonth(start.Year, start.Month);
            int first = (int)start.DayOfWeek;
            for (int d = 0; d < days; d++)
            {
                state.WeekdayDays[(first + d) % 7]++;
            }

            for (int w = 0; w < 7; w++)
            {
                state.WeekdayTotals[w] += state.MonthByWeekday[w];
                state.WeekdayAverage[w] = state.WeekdayTotals[w] / state.WeekdayDays[w];
            }

            state.History.Add((state.Month, state.MonthToDate));
            for (int gap = Math.Max(state.Month + 1, month - _options.HistoryMonths); gap < month; gap++)
            {
                state.History.Add((gap, 0m));
            }

            if (state.History.Count > _options.HistoryMonths)
            {
                state.History.RemoveRange(0, state.History.Count - _options.HistoryMonths);
            }
        }

        state.Month = month;
        state.MonthToDate = 0;
        state.LastDay = 0;
        Array.Clear(state.MonthByWeekday);
        state.AlertFlags = 0;
        state.CachedBudget = null;
    }

    private (decimal? Budget, string Source) BudgetOf(string customer, string category, BudgetState state)
    {
        if (state.CachedBudget is null)
        {
            state.CachedMedian = Median(state);
            state.CachedBudget = WorkOutBudget(customer, category, state);
        }

        return state.CachedBudget.Value;
    }

    private (decimal? Budget, string Source) WorkOutBudget(string customer, string category, BudgetState state)
    {
        if (_configured.TryGetValue((customer, category), out decimal own) || _configured.TryGetValue(("", category), out own))
        {
            return (own, "configured");
        }

        if (state.CachedMedian is not decimal median)
        {
            return (null, $"none: no configured budget and fewer than {_options.MinHistoryMonths} months of history");
        }

        return median >= _options.MinRecommendedBudget && median > 0
            ? (median, $"recommended: median of the last {Math.Min(state.History!.Count, _options.RecommendFromMonths)} months (recommended only from {_options.MinHistoryMonths} months of history and at least {Money(_options.MinRecommendedBudget)})")
            : (null, $"none: the median of recent months, {Money(median)}, is under the {Money(_options.MinRecommendedBudget)} minimum for a recommendation");
    }

    private decimal? Median(BudgetState state)
    {
        if (state.History is null)
        {
            return null;
        }

        int n = Math.Min(state.History.Count, _options.RecommendFromMonths);
        if (n < _options.MinHistoryMonths)
        {
            return null;
        }

        Span<decimal> totals = stackalloc decimal[n];
        for (int i = 0; i < n; i++)
        {
            totals[i] = state.History[state.History.Count - n + i].Total;
        }

        totals.Sort();
        return n % 2 == 1 ? totals[n / 2] : (totals[(n / 2) - 1] + totals[n / 2]) / 2;
    }

    /// <summary>
    /// Days of the state's month that have passed in the stream (not only up to the customer's last
    /// spend in the category: quiet days count as days without spending); a past month is complete.
    /// </summary>
    private int ElapsedDays(BudgetState state)
    {
        DateOnly now = _calendar.LocalDate(_maxTicks);
        int month = (now.Year * 12) + now.Month - 1;
        DateOnly start = MonthStart(state.Month);
        return month > state.Month ? DateTime.DaysInMonth(start.Year, start.Month) : Math.Max(state.LastDay, month == state.Month ? now.Day : 0);
    }

    private decimal ForecastOf(BudgetState state, int? elapsedDays = null)
    {
        if (state.CachedBudget is null)
        {
            state.CachedMedian = Median(state);
        }

        return BudgetForecaster.Forecast(MonthStart(state.Month), elapsedDays ?? state.LastDay, state.MonthToDate, state.WeekdayAverage ?? [], state.CachedMedian);
    }

    private static DateOnly MonthStart(int month) => new(month / 12, (month % 12) + 1, 1);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
