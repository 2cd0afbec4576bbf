using System.Runtime.InteropServices;

namespace StreamGuard.Processor.Windows;

/// <summary>
/// Per-transaction contributions, bounded by age (event time) and by count, oldest first out.
/// A correction of a transaction no longer held is reported as unmatched by the caller.
/// </summary>
public sealed class ContributionLedger
{
    private readonly Dictionary<string, Contribution> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string TransactionId, long Ticks)> _order = new();
    private readonly long _retentionTicks;
    private readonly int _maxEntries;

    public ContributionLedger(TimeSpan retention, int maxEntries)
    {
        _retentionTicks = retention.Ticks;
        _maxEntries = maxEntries;
    }

    public int Count => _entries.Count;

    public long Evicted { get; private set; }

    public bool TryGet(string transactionId, out Contribution contribution) => _entries.TryGetValue(transactionId, out contribution);

    public bool Contains(string transactionId) => _entries.ContainsKey(transactionId);

    public void Set(string transactionId, Contribution contribution)
    {
        ref Contribution slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, transactionId, out bool existed);
        bool moved = !existed || slot.EventUtcTicks != contribution.EventUtcTicks;
        slot = contribution;
        if (moved)
        {
            _order.Enqueue((transactionId, contribution.EventUtcTicks));
        }
    }

    public bool Remove(string transactionId, out Contribution contribution) => _entries.Remove(transactionId, out contribution);

    /// <summary>Drops what is older than the retention behind <paramref name="watermarkTicks"/>, or over the count limit.</summary>
    public void Evict(long watermarkTicks)
    {
        long oldest = watermarkTicks - _retentionTicks;
        while (_order.TryPeek(out (string TransactionId, long Ticks) head) && (head.Ticks < oldest || _entries.Count > _maxEntries || _order.Count > 2 * _maxEntries))
        {
            _order.Dequeue();
            if (_entries.TryGetValue(head.TransactionId, out Contribution c) && c.EventUtcTicks == head.Ticks)
            {
                _entries.Remove(head.TransactionId);
                Evicted++;
            }
        }
    }

    /// <summary>Every entry, for a snapshot.</summary>
    public IEnumerable<KeyValuePair<string, Contribution>> Entries => _entries;

    public void Clear()
    {
        _entries.Clear();
        _order.Clear();
    }
}
