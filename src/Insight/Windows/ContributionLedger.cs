using System.Runtime.InteropServices;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// Per-transaction contributions, bounded by age (event time) and by count, oldest first out.
/// Stored without object references (a 64-bit hash of the transaction id, interned customer and
/// category numbers) so that a ledger of hundreds of thousands of entries costs the garbage
/// collector nothing to scan. Two ids sharing a 64-bit hash (odds about 1 in 10^8 at 500,000
/// entries) would be taken for one transaction.
/// </summary>
public sealed class ContributionLedger
{
    private readonly Dictionary<long, Entry> _entries = [];
    private readonly Queue<(long Key, long Ticks)> _order = new();
    private readonly Dictionary<string, int> _internIndex = new(StringComparer.Ordinal);
    private readonly List<string> _interned = [];
    private readonly long _retentionTicks;
    private readonly int _maxEntries;

    public ContributionLedger(TimeSpan retention, int maxEntries)
    {
        _retentionTicks = retention.Ticks;
        _maxEntries = maxEntries;
    }

    public int Count => _entries.Count;

    public long Evicted { get; private set; }

    /// <summary>The stable 64-bit key of a transaction id (FNV-1a), the same in every process.</summary>
    public static long KeyOf(string transactionId)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char ch in transactionId)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return (long)hash;
    }

    public bool Contains(string transactionId) => _entries.ContainsKey(KeyOf(transactionId));

    public bool TryGet(string transactionId, out Contribution contribution)
    {
        if (_entries.TryGetValue(KeyOf(transactionId), out Entry entry))
        {
            contribution = Expand(entry);
            return true;
        }

        contribution = default;
        return false;
    }

    public void Set(string transactionId, Contribution contribution) => Set(KeyOf(transactionId), contribution);

    /// <summary>Sets by key (a snapshot holds keys, not ids).</summary>
    public void Set(long key, Contribution contribution)
    {
        var entry = new Entry(contribution.EventUtcTicks, contribution.Amount, Intern(contribution.CustomerId), Intern(contribution.Category), contribution.Applied);
        ref Entry slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out bool existed);
        bool moved = !existed || slot.Ticks != entry.Ticks;
        slot = entry;
        if (moved)
        {
            _order.Enqueue((key, entry.Ticks));
        }
    }

    public bool Remove(string transactionId, out Contribution contribution)
    {
        if (_entries.Remove(KeyOf(transactionId), out Entry entry))
        {
            contribution = Expand(entry);
            return true;
        }

        contribution = default;
        return false;
    }

    /// <summary>Drops what is older than the retention behind <paramref name="watermarkTicks"/>, or over the count limit.</summary>
    public void Evict(long watermarkTicks)
    {
        // No watermark yet (not every shard has data): MinValue minus the retention would wrap to
        // a huge value and evict everything, losing the contributions corrections need.
        long oldest = watermarkTicks == long.MinValue || watermarkTicks < long.MinValue + _retentionTicks
            ? long.MinValue
            : watermarkTicks - _retentionTicks;
        while (_order.TryPeek(out (long Key, long Ticks) head) && (head.Ticks < oldest || _entries.Count > _maxEntries || _order.Count > 2 * _maxEntries))
        {
            _order.Dequeue();
            if (_entries.TryGetValue(head.Key, out Entry e) && e.Ticks == head.Ticks)
            {
                _entries.Remove(head.Key);
                Evicted++;
            }
        }
    }

    /// <summary>Every entry by key, oldest first, for a snapshot.</summary>
    public IEnumerable<(long Key, Contribution Contribution)> Entries() =>
        _entries.OrderBy(e => e.Value.Ticks).Select(e => (e.Key, Expand(e.Value)));

    /// <summary>Writes every entry (binary), oldest first, for a state checkpoint: the interned customer and category names once, then compact entries.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_interned.Count);
        foreach (string name in _interned)
        {
            writer.Write(name);
        }

        writer.Write(_entries.Count);
        foreach ((long key, Entry e) in _entries.OrderBy(e => e.Value.Ticks))
        {
            writer.Write(key);
            writer.Write(e.Ticks);
            writer.Write(e.Amount);
            writer.Write(e.Customer);
            writer.Write(e.Category);
            writer.Write(e.Applied);
        }
    }

    /// <summary>Replaces the entries with those written by <see cref="Write"/>.</summary>
    public void Read(BinaryReader reader)
    {
        Clear();
        string[] names = new string[reader.ReadInt32()];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = reader.ReadString();
        }

        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            long key = reader.ReadInt64();
            Set(key, new Contribution(reader.ReadInt64(), reader.ReadDecimal(), names[reader.ReadInt32()], names[reader.ReadInt32()], reader.ReadInt32()));
        }
    }

    /// <summary>Adds the entries of <paramref name="other"/> this ledger does not hold (a merged shard's second parent), keeping eviction oldest first.</summary>
    public void MergeFrom(ContributionLedger other)
    {
        ArgumentNullException.ThrowIfNull(other);
        List<(long Key, Contribution Contribution)> all = [.. Entries()];
        var own = new HashSet<long>(all.Select(e => e.Key));
        all.AddRange(other.Entries().Where(e => !own.Contains(e.Key)));
        Clear();
        foreach ((long key, Contribution contribution) in all.OrderBy(e => e.Contribution.EventUtcTicks))
        {
            Set(key, contribution);
        }
    }

    /// <summary>Renames customers (or categories) in every entry at once, through the intern table.</summary>
    public void Rename(IReadOnlyDictionary<string, string> oldToNew)
    {
        foreach ((string oldName, string newName) in oldToNew)
        {
            if (_internIndex.Remove(oldName, out int index))
            {
                _interned[index] = newName;
                _internIndex.TryAdd(newName, index);
            }
        }
    }

    public void Clear()
    {
        _entries.Clear();
        _order.Clear();
    }

    private int Intern(string value)
    {
        ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(_internIndex, value, out bool exists);
        if (!exists)
        {
            index = _interned.Count;
            _interned.Add(value);
        }

        return index;
    }

    private Contribution Expand(Entry e) => new(e.Ticks, e.Amount, _interned[e.Customer], _interned[e.Category], e.Applied);

    private readonly record struct Entry(long Ticks, decimal Amount, int Customer, int Category, int Applied);
}
