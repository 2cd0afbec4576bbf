namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>
/// One open window's exact contributions, per customer and category, kept in memory only until
/// the window is released. Amounts are clamped as they arrive.
/// </summary>
internal sealed class WindowContributions
{
    private readonly Dictionary<string, Dictionary<string, (long Count, decimal Sum)>> _customers = new(StringComparer.Ordinal);

    public void Add(string customerId, string category, decimal clampedAmount)
    {
        if (!_customers.TryGetValue(customerId, out Dictionary<string, (long Count, decimal Sum)>? categories))
        {
            categories = new Dictionary<string, (long Count, decimal Sum)>(StringComparer.Ordinal);
            _customers[customerId] = categories;
        }

        categories.TryGetValue(category, out (long Count, decimal Sum) v);
        categories[category] = (v.Count + 1, v.Sum + clampedAmount);
    }

    /// <summary>
    /// Per category: the bounded count and sum and the number of distinct customers. A customer
    /// with more than <paramref name="maxPerCustomer"/> transactions in the window has every
    /// contribution scaled by maxPerCustomer / n, so one customer moves the count vector by at
    /// most maxPerCustomer and the sum vector by at most maxPerCustomer x clamp (L1, hence L2 too),
    /// whatever order the transactions arrived in.
    /// </summary>
    public SortedDictionary<string, (double Count, double Sum, int Customers)> Bounded(int maxPerCustomer)
    {
        var result = new SortedDictionary<string, (double Count, double Sum, int Customers)>(StringComparer.Ordinal);
        foreach (Dictionary<string, (long Count, decimal Sum)> categories in _customers.Values)
        {
            long n = categories.Values.Sum(v => v.Count);
            double scale = n > maxPerCustomer ? (double)maxPerCustomer / n : 1.0;
            foreach (KeyValuePair<string, (long Count, decimal Sum)> c in categories)
            {
                result.TryGetValue(c.Key, out (double Count, double Sum, int Customers) t);
                result[c.Key] = (t.Count + (c.Value.Count * scale), t.Sum + ((double)c.Value.Sum * scale), t.Customers + 1);
            }
        }

        return result;
    }
}
