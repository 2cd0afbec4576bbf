namespace StreamGuard.Insight.Duplicates;

public sealed partial class DuplicateDetector
{
    /// <summary>A merged shard's second parent: its recent charges join these (charges are keyed by card, so the parents share none).</summary>
    public void MergeState(BinaryReader reader)
    {
        var other = new DuplicateDetector(_options);
        other.ReadState(reader);
        foreach ((DuplicateKey key, (long Ticks, string TransactionId) last) in other._last)
        {
            if (!_last.TryGetValue(key, out (long Ticks, string TransactionId) own) || own.Ticks < last.Ticks)
            {
                _last[key] = last;
            }
        }

        _maxTicks = Math.Max(_maxTicks, other._maxTicks);
        // The expiry queue runs oldest first across both parents.
        _order.Clear();
        foreach ((DuplicateKey key, (long ticks, string _)) in _last.OrderBy(e => e.Value.Ticks))
        {
            _order.Enqueue((key, ticks));
        }
    }
}
