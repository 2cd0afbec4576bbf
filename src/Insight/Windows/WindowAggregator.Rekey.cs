using StreamGuard.Privacy;

namespace StreamGuard.Insight.Windows;

public sealed partial class WindowAggregator : IInsightModel
{
    string? IInsightModel.KeyDomain => PseudonymLink.Customer;

    void IInsightModel.Rekey(IReadOnlyDictionary<string, string> oldToNew) => RekeyCustomers(oldToNew);

    /// <summary>
    /// During a key rotation: open customer windows and held contributions move from old customer
    /// pseudonyms to new ones (merged if the new one already has a cell). Call between flushes.
    /// </summary>
    public void RekeyCustomers(IReadOnlyDictionary<string, string> oldToNew)
    {
        if (oldToNew.Count == 0)
        {
            return;
        }

        // Cells change keys: the next itemised save writes every cell again.
        StopCellTracking();
        foreach (OpenWindow window in _open.Values)
        {
            foreach ((string oldKey, string newKey) in oldToNew)
            {
                if (window.Customers.Remove(oldKey, out WindowCell? old))
                {
                    window.Customers[newKey] = window.Customers.TryGetValue(newKey, out WindowCell? existing)
                        ? new WindowCell(window, old.Kind, newKey) { Count = existing.Count + old.Count, Amount = existing.Amount + old.Amount }
                        : new WindowCell(window, old.Kind, newKey) { Count = old.Count, Amount = old.Amount };
                }
            }
        }

        _ledger.Rename(oldToNew);
    }
}
