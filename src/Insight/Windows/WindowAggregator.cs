using System.Runtime.InteropServices;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// Event-time tumbling windows keyed by customer and by category. The watermark trails the newest
/// event time by <see cref="WindowOptions.MaxOutOfOrderness"/>; a window keeps accepting late events
/// until the watermark passes its end plus <see cref="WindowOptions.AllowedLateness"/>, then closes.
/// Each transaction's contribution is kept so a correction (modified, removed, or a posted
/// transaction replacing its pending one) subtracts exactly what was added.
/// Not thread-safe: one stage task owns it.
/// </summary>
public sealed partial class WindowAggregator
{
    private readonly WindowOptions _options;
    private readonly (WindowKeyKind Kind, WindowSize Size)[] _targets;
    private readonly ZonedCalendar _defaultCalendar;
    private readonly Dictionary<string, ZonedCalendar> _customerCalendars = new(StringComparer.Ordinal);
    private readonly Dictionary<WindowId, OpenWindow> _open = [];
    private readonly List<WindowCell> _dirty = [];
    private readonly List<WindowTotal> _orphanDeltas = [];
    private readonly List<WindowId> _closing = [];
    private readonly ContributionLedger _ledger;
    private readonly Dictionary<string, string> _shardPositions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _restoredPositions = new(StringComparer.Ordinal);
    private readonly long[] _latenessTicks;
    private readonly long _outOfOrderTicks;
    private readonly Dictionary<string, long> _shardMaxTicks = new(StringComparer.Ordinal);
    private long _watermarkTicks = long.MinValue;
    private long _nextCloseTicks = long.MaxValue;

    public WindowAggregator(WindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _targets =
        [
            .. options.CustomerWindows.Distinct().Order().Select(s => (WindowKeyKind.Customer, s)),
            .. options.CategoryWindows.Distinct().Order().Select(s => (WindowKeyKind.Category, s)),
        ];
        long shortLateness = options.AllowedLateness.Ticks;
        long calendarLateness = options.CalendarAllowedLateness.Ticks;
        _latenessTicks = [shortLateness, shortLateness, calendarLateness, calendarLateness];
        _outOfOrderTicks = options.MaxOutOfOrderness.Ticks;
        _defaultCalendar = new ZonedCalendar(TimeZoneInfo.FindSystemTimeZoneById(options.TimeZoneId));
        var byZone = new Dictionary<string, ZonedCalendar>(StringComparer.Ordinal) { [options.TimeZoneId] = _defaultCalendar };
        foreach ((string customer, string zone) in options.CustomerTimeZones)
        {
            if (!byZone.TryGetValue(zone, out ZonedCalendar? calendar))
            {
                calendar = new ZonedCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone));
                byZone[zone] = calendar;
            }

            _customerCalendars[customer] = calendar;
        }

        _ledger = new ContributionLedger(options.CorrectionRetention, options.MaxTrackedTransactions);
    }

    public WindowCounters Counters { get; } = new();

    /// <summary>Event time up to which windows are considered complete; MinValue before any event.</summary>
    public DateTimeOffset Watermark => _watermarkTicks == long.MinValue
        ? DateTimeOffset.MinValue
        : new DateTimeOffset(Math.Max(0, _watermarkTicks), TimeSpan.Zero);

    public int OpenWindowCount => _open.Count;

    public int TrackedTransactions => _ledger.Count;

    // Moves at flush only: the slowest shard's newest event time, less the expected disorder. Shards
    // are read at different paces, so one running ahead must not make the others' events late.
    private long WatermarkTicks => _watermarkTicks;

    /// <summary>Applies one live transaction; events that miss closed windows go to <paramref name="late"/>.</summary>
    public void Apply(EnrichedTransaction tx, string? shardId, string? sequenceNumber, List<LateEvent> late)
    {
        if (shardId is not null && sequenceNumber is not null)
        {
            if (_restoredPositions.TryGetValue(shardId, out string? restored) && SequenceNumbers.Compare(sequenceNumber, restored) <= 0)
            {
                // Already inside the restored state: publish the same deltas again (sinks are
                // idempotent per batch) but do not count the transaction twice.
                Counters._replayed++;
                if (tx.Change == ChangeKind.Added && _ledger.TryGet(tx.TransactionId, out Contribution held))
                {
                    DeltaOnly(held, 1);
                }

                return;
            }

            ref string? position = ref CollectionsMarshal.GetValueRefOrAddDefault(_shardPositions, shardId, out _);
            position = sequenceNumber;
        }

        switch (tx.Change)
        {
            case ChangeKind.Added:
                if (_ledger.Contains(tx.TransactionId))
                {
                    Counters._redelivered++;
                    return;
                }

                if (tx.PendingTransactionId is { } pendingId && _ledger.Remove(pendingId, out Contribution pending))
                {
                    Subtract(pending);
                    Counters._pendingReplaced++;
                }

                AddNew(tx, late);
                break;
            case ChangeKind.Modified:
                if (_ledger.Remove(tx.TransactionId, out Contribution before))
                {
                    Subtract(before);
                    Counters._corrections++;
                }
                else
                {
                    // Without the original's contribution, adding the new version could count the
                    // transaction twice (its original is already in the sinks): publish it as late instead.
                    Counters._unmatchedCorrections++;
                    Counters._lateEvents++;
                    late.Add(new LateEvent(tx.TransactionId, tx.EventTime, Watermark, "", "modification of a transaction not held (never seen, or older than the correction retention)"));
                    return;
                }

                AddNew(tx, late);
                break;
            case ChangeKind.Removed:
                if (_ledger.Remove(tx.TransactionId, out Contribution removed))
                {
                    Subtract(removed);
                    Counters._corrections++;
                }
                else
                {
                    Counters._unmatchedCorrections++;
                    Counters._lateEvents++;
                    late.Add(new LateEvent(tx.TransactionId, tx.EventTime, Watermark, "", "removal of a transaction not held (never seen, or older than the correction retention)"));
                }

                // A removal's time is when it was observed, not when the spending happened: it does not move the watermark.
                return;
        }

        long ticks = tx.EventTime.UtcTicks;
        ref long shardMax = ref CollectionsMarshal.GetValueRefOrAddDefault(_shardMaxTicks, shardId ?? "", out bool known);
        if (!known || ticks > shardMax)
        {
            shardMax = ticks;
        }
    }

    /// <summary>Publishes what changed since the last flush, then closes the windows the watermark has passed.</summary>
    public void Flush(List<WindowTotal> deltas)
    {
        int before = deltas.Count;
        foreach (WindowCell cell in _dirty)
        {
            cell.Count += cell.DeltaCount;
            cell.Amount += cell.DeltaAmount;
            CellsChanged(cell);
            if (cell.DeltaCount != 0 || cell.DeltaAmount != 0)
            {
                deltas.Add(new WindowTotal(WindowOptions.NameOf(cell.Size), cell.Bounds.Start, WindowOptions.NameOf(cell.Kind), cell.Key, cell.DeltaCount, cell.DeltaAmount));
            }

            cell.DeltaCount = 0;
            cell.DeltaAmount = 0;
            cell.Dirty = false;
        }

        _dirty.Clear();
        deltas.AddRange(_orphanDeltas);
        _orphanDeltas.Clear();
        Counters._deltasEmitted += deltas.Count - before;
        AdvanceWatermark();
        CloseExpired();
        _ledger.Evict(WatermarkTicks);
    }

    private void AdvanceWatermark()
    {
        if (_shardMaxTicks.Count < _options.ExpectedShards)
        {
            return;
        }

        long slowest = long.MaxValue;
        foreach (long max in _shardMaxTicks.Values)
        {
            slowest = Math.Min(slowest, max);
        }

        _watermarkTicks = Math.Max(_watermarkTicks, slowest - _outOfOrderTicks);
    }

    private void CloseExpired()
    {
        long watermark = WatermarkTicks;
        if (watermark == long.MinValue || watermark < _nextCloseTicks)
        {
            return;
        }

        long next = long.MaxValue;
        foreach ((WindowId id, OpenWindow window) in _open)
        {
            long closesAt = id.EndUtcTicks + _latenessTicks[(int)id.Size];
            if (closesAt <= watermark)
            {
                _closing.Add(id);
                CellsClosed(window);
                Counters._windowsClosed += window.Customers.Count + window.Categories.Count;
            }
            else
            {
                next = Math.Min(next, closesAt);
            }
        }

        foreach (WindowId id in _closing)
        {
            _open.Remove(id);
        }

        _closing.Clear();
        _nextCloseTicks = next;
    }

    private ZonedCalendar CalendarOf(string customerId) =>
        _customerCalendars.Count != 0 && _customerCalendars.TryGetValue(customerId, out ZonedCalendar? calendar) ? calendar : _defaultCalendar;
}
