using StreamGuard.Core.Collections;

namespace StreamGuard.Scoring;

/// <summary>
/// The model rows of the latest transactions by pseudonymous transaction id, so a verdict that
/// arrives later (an analyst's, from the console) trains on exactly what the model saw. Bounded:
/// beyond its capacity the oldest are forgotten and a verdict for them no longer matches.
/// </summary>
internal sealed class RecentRows
{
    private readonly int _capacity;
    private readonly Dictionary<string, Entry> _rows = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public RecentRows(int capacity) => _capacity = capacity;

    public int Count => _rows.Count;

    public void Remember(string transactionId, string cardId, in ModelRow row, long ticks)
    {
        if (_capacity == 0 || _rows.ContainsKey(transactionId))
        {
            return;
        }

        while (_rows.Count >= _capacity && _order.TryDequeue(out string? oldest))
        {
            _rows.Remove(oldest);
        }

        _rows.GrowWithin(transactionId, _capacity);
        _rows[transactionId] = new Entry(cardId, row, ticks);
        _order.Enqueue(transactionId);
    }

    /// <summary>Takes the row of a transaction (once: a second verdict on it does not count twice).</summary>
    public bool TryTake(string transactionId, string? cardId, out ModelRow row, out long ticks)
    {
        if (_rows.TryGetValue(transactionId, out Entry entry) && (cardId is null || cardId.Length == 0 || entry.CardId == cardId))
        {
            _rows.Remove(transactionId);
            row = entry.Row;
            ticks = entry.Ticks;
            return true;
        }

        row = default;
        ticks = 0;
        return false;
    }

    private readonly record struct Entry(string CardId, ModelRow Row, long Ticks);
}
