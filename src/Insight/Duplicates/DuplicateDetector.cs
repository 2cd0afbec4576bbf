using System.Globalization;
using System.Runtime.InteropServices;
using StreamGuard.Core.Model;

namespace StreamGuard.Insight.Duplicates;

/// <summary>
/// Flags a charge when the same card was charged the same amount by the same merchant within a
/// short event-time window: a likely double charge, not fraud. A posted transaction replacing its
/// pending one, and the same transaction delivered twice, are not duplicates.
/// Not thread-safe: one stage task owns it.
/// </summary>
public sealed partial class DuplicateDetector
{
    private readonly DuplicateOptions _options;
    private readonly long _windowTicks;
    private readonly Dictionary<DuplicateKey, (long Ticks, string TransactionId)> _last = [];
    private readonly Queue<(DuplicateKey Key, long Ticks)> _order = new();
    private long _maxTicks = long.MinValue;

    public DuplicateDetector(DuplicateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _windowTicks = options.Window.Ticks;
    }

    public long Checked { get; private set; }

    public long Duplicates { get; private set; }

    public int Tracked => _last.Count;

    /// <summary>A duplicate_suspected alert when <paramref name="tx"/> repeats a recent charge, else null.</summary>
    public Alert? Check(EnrichedTransaction tx)
    {
        if (tx.Change != ChangeKind.Added || tx.Amount <= 0)
        {
            return null;
        }

        Checked++;
        long ticks = tx.EventTime.UtcTicks;
        var key = new DuplicateKey(tx.CardId, tx.Merchant, tx.Amount);
        ref (long Ticks, string TransactionId) slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_last, key, out bool seen);
        Alert? alert = null;
        if (seen && slot.TransactionId != tx.TransactionId && slot.TransactionId != tx.PendingTransactionId
            && Math.Abs(ticks - slot.Ticks) <= _windowTicks)
        {
            Duplicates++;
            alert = CreateAlert(tx, slot.TransactionId, TimeSpan.FromTicks(Math.Abs(ticks - slot.Ticks)));
        }

        if (!seen || ticks >= slot.Ticks)
        {
            slot = (ticks, tx.TransactionId);
            _order.Enqueue((key, ticks));
        }

        if (ticks > _maxTicks)
        {
            _maxTicks = ticks;
        }

        Evict();
        return alert;
    }

    private void Evict()
    {
        long oldest = _maxTicks - _windowTicks;
        while (_order.TryPeek(out (DuplicateKey Key, long Ticks) head) && (head.Ticks < oldest || _last.Count > _options.MaxTracked))
        {
            _order.Dequeue();
            if (_last.TryGetValue(head.Key, out (long Ticks, string TransactionId) held) && held.Ticks == head.Ticks)
            {
                _last.Remove(head.Key);
            }
        }
    }

    private Alert CreateAlert(EnrichedTransaction tx, string firstId, TimeSpan gap)
    {
        string amount = tx.Amount.ToString("0.00", CultureInfo.InvariantCulture);
        return new Alert
        {
            AlertId = "duplicate:" + tx.TransactionId,
            Type = AlertTypes.DuplicateSuspected,
            Severity = _options.Severity,
            EventTime = tx.EventTime,
            TransactionId = tx.TransactionId,
            CustomerId = tx.CustomerId,
            CardId = tx.CardId,
            Category = tx.Category,
            Amount = tx.Amount,
            Message = $"Possible duplicate charge: {amount} {tx.Currency} at {tx.Merchant}, {gap.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s from transaction {firstId} on the same card.",
            Reasons = [$"same card, merchant and amount as {firstId}", $"within {_options.Window.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min"],
        };
    }
}
