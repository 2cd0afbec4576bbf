using System.Buffers.Binary;
using System.Runtime.InteropServices;
using StreamGuard.Core.Collections;
using StreamGuard.Pipeline.State;

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
    // One stored entry: ticks, amount (decimal bits), customer and category positions, applied bits.
    private const int ItemBytes = 36;

    // A page item holds every entry of 2^29 ticks (about 54 s) of event time, each as its key and the
    // 36 bytes above. Entries come and go in event-time order, so a save rewrites the few pages new
    // entries went into and drops the pages eviction emptied: with one item per entry, every save
    // wrote and removed one row per transaction seen since the last (two ledgers at their 500,000-entry
    // caps were 950,000 of a 1M-event run's 1.26M state rows, and folding them cost most of the
    // fold's 53-64 s of CPU). Dense streams make big pages: 7,000 transactions a minute, about 290 KB.
    private const int PageShift = 29;
    private const int PageEntryBytes = 8 + ItemBytes;
    private readonly Dictionary<long, Entry> _entries = [];
    private readonly Queue<(long Key, long Ticks)> _order = new();
    private readonly Dictionary<string, int> _internIndex = new(StringComparer.Ordinal);
    private readonly List<string> _interned = [];
    private readonly long _retentionTicks;
    private readonly int _maxEntries;

    // What the entries can reach between two evictions (a batch's worth over the cap): the
    // dictionary grows to this instead of doubling past the cap.
    private readonly int _growthBound;

    // Pages with an entry set or removed since the last item capture; tracked only once a store keeps items.
    private readonly HashSet<long> _changedPages = [];

    public ContributionLedger(TimeSpan retention, int maxEntries)
    {
        _retentionTicks = retention.Ticks;
        _maxEntries = maxEntries;
        _growthBound = (int)Math.Min(int.MaxValue, maxEntries + Math.Max(1024L, maxEntries / 16));
    }

    public int Count => _entries.Count;

    public long Evicted { get; private set; }

    /// <summary>True while changed pages are tracked (since the last full item capture or item restore).</summary>
    public bool Tracking { get; private set; }

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

    /// <summary>
    /// The one copy of <paramref name="name"/> this ledger holds (a customer or category): models keyed
    /// by customer keep it instead of the copy each decoded record carries, one string per customer
    /// rather than one per window cell or standing.
    /// </summary>
    public string InternName(string name) => _interned[Intern(name)];

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
        _entries.GrowWithin(key, _growthBound);
        ref Entry slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out bool existed);
        bool moved = !existed || slot.Ticks != entry.Ticks;
        if (Tracking)
        {
            if (existed)
            {
                _changedPages.Add(PageOf(slot.Ticks));
            }

            _changedPages.Add(PageOf(entry.Ticks));
        }

        slot = entry;

        if (moved)
        {
            _order.Enqueue((key, entry.Ticks));
        }
    }

    public bool Remove(string transactionId, out Contribution contribution)
    {
        long key = KeyOf(transactionId);
        if (_entries.Remove(key, out Entry entry))
        {
            Removed(entry.Ticks);
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
                Removed(e.Ticks);
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
        StopTracking();
    }

    /// <summary>The interned customer and category names, for the head of an itemised state (entries refer to them by position).</summary>
    public void WriteNames(BinaryWriter writer)
    {
        writer.Write(_interned.Count);
        foreach (string name in _interned)
        {
            writer.Write(name);
        }
    }

    /// <summary>
    /// Writes the pages (items of kind <paramref name="kind"/>, keyed by page) holding an entry set or
    /// removed since the last call, and removes the pages left empty; every page when
    /// <paramref name="all"/> or when changes were not tracked. Tracks changes from here on.
    /// </summary>
    public void WriteItems(StateItems into, byte kind, bool all)
    {
        ArgumentNullException.ThrowIfNull(into);
        bool every = all || !Tracking;
        if (every || _changedPages.Count > 0)
        {
            // One pass over the entries finds the changed pages' entries (a save every 150,000 records
            // or so: a few ms for 500,000 entries, against a set of keys per page to keep up to date).
            var pages = new Dictionary<long, List<(long Key, Entry Entry)>>();
            foreach ((long key, Entry e) in _entries)
            {
                long page = PageOf(e.Ticks);
                if (every || _changedPages.Contains(page))
                {
                    ref List<(long, Entry)>? list = ref CollectionsMarshal.GetValueRefOrAddDefault(pages, page, out _);
                    (list ??= []).Add((key, e));
                }
            }

            foreach ((long page, List<(long Key, Entry Entry)> entries) in pages)
            {
                WritePage(into, kind, page, entries);
            }

            if (!every)
            {
                foreach (long page in _changedPages.Where(p => !pages.ContainsKey(p)))
                {
                    into.Remove(kind, page);
                }
            }
        }

        StopTracking();
        Tracking = true;
    }

    /// <summary>
    /// Replaces the entries with the names written by <see cref="WriteNames"/> and the pages written by
    /// <see cref="WriteItems"/>, or the one-item-per-entry <paramref name="legacyEntries"/> an earlier
    /// version wrote (then the next capture writes every page, replacing them); tracks changes from here on.
    /// </summary>
    public void ReadItems(BinaryReader names, IEnumerable<StateItem> pages, IEnumerable<StateItem>? legacyEntries = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(pages);
        Clear();

        // The exact intern table: stored entries refer to names by position.
        _interned.Clear();
        _internIndex.Clear();
        for (int i = names.ReadInt32(); i > 0; i--)
        {
            string name = names.ReadString();
            _internIndex.TryAdd(name, _interned.Count);
            _interned.Add(name);
        }

        List<(long Key, Entry Entry)> entries = [];
        foreach (StateItem item in pages)
        {
            if (item.Data.Length % PageEntryBytes != 0)
            {
                throw new InvalidDataException($"A saved correction ledger page has {item.Data.Length} bytes, not a multiple of {PageEntryBytes}.");
            }

            for (int at = 0; at < item.Data.Length; at += PageEntryBytes)
            {
                ReadOnlySpan<byte> data = item.Data.AsSpan(at, PageEntryBytes);
                entries.Add((BinaryPrimitives.ReadInt64LittleEndian(data), ReadEntry(data[8..])));
            }
        }

        bool legacy = false;
        foreach (StateItem item in legacyEntries ?? [])
        {
            entries.Add((item.Key, ReadEntry(item.Data)));
            legacy = true;
        }

        // Oldest first, as they were added, so eviction order is kept.
        entries.Sort(OldestFirst);
        foreach ((long key, Entry entry) in entries)
        {
            _entries[key] = entry;
            _order.Enqueue((key, entry.Ticks));
        }

        Tracking = !legacy;
    }

    private static long PageOf(long ticks) => ticks >> PageShift;

    /// <summary>By event time, then key: the order entries were added in, and the same bytes in every process.</summary>
    private static int OldestFirst((long Key, Entry Entry) a, (long Key, Entry Entry) b) =>
        a.Entry.Ticks != b.Entry.Ticks ? a.Entry.Ticks.CompareTo(b.Entry.Ticks) : a.Key.CompareTo(b.Key);

    private void Removed(long ticks)
    {
        if (Tracking)
        {
            _changedPages.Add(PageOf(ticks));
        }
    }

    private void StopTracking()
    {
        Tracking = false;
        _changedPages.Clear();
    }

    private static void WritePage(StateItems into, byte kind, long page, List<(long Key, Entry Entry)> entries)
    {
        // In (ticks, key) order: the same entries give the same bytes in every process.
        entries.Sort(OldestFirst);
        int length = entries.Count * PageEntryBytes;
        Span<byte> span = into.GetSpan(length);
        Span<int> bits = stackalloc int[4];
        foreach ((long key, Entry e) in entries)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, key);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], e.Ticks);
            decimal.GetBits(e.Amount, bits);
            for (int i = 0; i < 4; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[(16 + (4 * i))..], bits[i]);
            }

            BinaryPrimitives.WriteInt32LittleEndian(span[32..], e.Customer);
            BinaryPrimitives.WriteInt32LittleEndian(span[36..], e.Category);
            BinaryPrimitives.WriteInt32LittleEndian(span[40..], e.Applied);
            span = span[PageEntryBytes..];
        }

        into.Upsert(kind, page, length);
    }

    private Entry ReadEntry(ReadOnlySpan<byte> data)
    {
        if (data.Length != ItemBytes)
        {
            throw new InvalidDataException($"A saved correction ledger item has {data.Length} bytes, not {ItemBytes}.");
        }

        Span<int> bits = stackalloc int[4];
        for (int i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(8 + (4 * i))..]);
        }

        int customer = BinaryPrimitives.ReadInt32LittleEndian(data[24..]);
        int category = BinaryPrimitives.ReadInt32LittleEndian(data[28..]);
        if ((uint)customer >= (uint)_interned.Count || (uint)category >= (uint)_interned.Count)
        {
            throw new InvalidDataException("A saved correction ledger item names a customer or category the saved names do not hold.");
        }

        return new Entry(BinaryPrimitives.ReadInt64LittleEndian(data), new decimal(bits), customer, category, BinaryPrimitives.ReadInt32LittleEndian(data[32..]));
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
