using System.Runtime.InteropServices;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// A map from 64-bit keys split over many small dictionaries, none on the large-object heap. A ledger
/// of 500,000 entries in one dictionary was a 30 MB array there, and the large-object heap's budget
/// between gen2 collections grows with what survives on it: its live arrays let that much more dead
/// ones (the saves' buffers) stay resident (docs/performance.md, round seven).
/// </summary>
internal sealed class SmallPartsMap<TValue>
    where TValue : struct
{
    // 2,048 parts: about 330 entries each at a 672,000-entry ledger, 56 bytes an entry, far under 85,000 bytes.
    private const int PartBits = 11;
    private readonly Dictionary<long, TValue>[] _parts = new Dictionary<long, TValue>[1 << PartBits];

    public SmallPartsMap()
    {
        for (int i = 0; i < _parts.Length; i++)
        {
            _parts[i] = [];
        }
    }

    public int Count { get; private set; }

    public bool ContainsKey(long key) => PartOf(key).ContainsKey(key);

    public bool TryGetValue(long key, out TValue value) => PartOf(key).TryGetValue(key, out value);

    /// <summary>The slot of <paramref name="key"/>, added with the default value when missing.</summary>
    public ref TValue GetValueRefOrAddDefault(long key, out bool existed)
    {
        ref TValue slot = ref CollectionsMarshal.GetValueRefOrAddDefault(PartOf(key), key, out existed);
        if (!existed)
        {
            Count++;
        }

        return ref slot;
    }

    public void Set(long key, TValue value) => GetValueRefOrAddDefault(key, out _) = value;

    public bool Remove(long key, out TValue value)
    {
        if (PartOf(key).Remove(key, out value))
        {
            Count--;
            return true;
        }

        return false;
    }

    public void Clear()
    {
        foreach (Dictionary<long, TValue> part in _parts)
        {
            part.Clear();
        }

        Count = 0;
    }

    /// <summary>Every entry, part by part (the order is fixed by the keys and the order they were added).</summary>
    public IEnumerable<KeyValuePair<long, TValue>> All()
    {
        foreach (Dictionary<long, TValue> part in _parts)
        {
            foreach (KeyValuePair<long, TValue> entry in part)
            {
                yield return entry;
            }
        }
    }

    // Keys are hashes already, but tests use small numbers: mix before taking the top bits.
    private Dictionary<long, TValue> PartOf(long key) => _parts[(int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> (64 - PartBits))];
}
