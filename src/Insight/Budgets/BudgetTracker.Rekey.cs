using StreamGuard.Privacy;

namespace StreamGuard.Insight.Budgets;

public sealed partial class BudgetTracker : IInsightModel
{
    string? IInsightModel.KeyDomain => PseudonymLink.Customer;

    void IInsightModel.Rekey(IReadOnlyDictionary<string, string> oldToNew) => RekeyCustomers(oldToNew);

    /// <summary>During a key rotation: month-to-date spend, history and raised alerts move to the customers' new pseudonyms.</summary>
    public void RekeyCustomers(IReadOnlyDictionary<string, string> oldToNew)
    {
        if (oldToNew.Count == 0)
        {
            return;
        }

        List<(string Customer, string Category)> moving = [.. _states.Keys.Where(k => oldToNew.ContainsKey(k.Customer))];
        foreach ((string customer, string category) in moving)
        {
            _states.Remove((customer, category), out BudgetState? state);
            _states.TryAdd((oldToNew[customer], category), state!);
        }

        foreach ((string old, string renamed) in oldToNew)
        {
            if (_lastAlertTicks.Remove(old, out long last))
            {
                _lastAlertTicks[renamed] = last;
            }
        }

        _ledger.Rename(oldToNew);

        // Standings moved to new keys: the next incremental save writes every item.
        StopTrackingStates();
    }
}
