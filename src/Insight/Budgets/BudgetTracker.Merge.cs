namespace StreamGuard.Insight.Budgets;

public sealed partial class BudgetTracker
{
    /// <summary>
    /// A merged shard's second parent: its customers' month-to-date spend, corrections and alert times join
    /// these. Records are partitioned by card, so a customer is in both parents only with cards on both
    /// sides; such a customer keeps this parent's budget state (its spend on the other side's cards is not added).
    /// </summary>
    public void MergeState(BinaryReader reader)
    {
        var other = new BudgetTracker(_options);
        other.ReadState(reader);
        foreach (((string Customer, string Category) key, BudgetState state) in other._states)
        {
            _states.TryAdd(key, state);
        }

        _ledger.MergeFrom(other._ledger);
        foreach ((string customer, long ticks) in other._lastAlertTicks)
        {
            _lastAlertTicks[customer] = _lastAlertTicks.TryGetValue(customer, out long own) ? Math.Max(own, ticks) : ticks;
        }

        _maxTicks = Math.Max(_maxTicks, other._maxTicks);
        StopTrackingStates();
    }
}
