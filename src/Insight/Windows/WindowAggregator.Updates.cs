using System.Runtime.InteropServices;
using StreamGuard.Core.Model;

namespace StreamGuard.Insight.Windows;

public sealed partial class WindowAggregator
{
    private void AddNew(EnrichedTransaction tx, List<LateEvent> late)
    {
        long ticks = tx.EventTime.UtcTicks;
        long watermark = WatermarkTicks;
        ZonedCalendar calendar = CalendarOf(tx.CustomerId);
        int applied = 0;
        bool lateUpdate = false;
        string? missed = null;
        for (int i = 0; i < _targets.Length; i++)
        {
            (WindowKeyKind kind, WindowSize size) = _targets[i];
            WindowBounds bounds = calendar.WindowOf(size, ticks);
            string key = kind == WindowKeyKind.Customer ? tx.CustomerId : tx.Category;
            if (watermark != long.MinValue && bounds.EndUtcTicks + _latenessTicks[(int)size] <= watermark)
            {
                // The window's state is gone but its stored total is not: the late transaction is
                // published as a correction of that total, so every transaction is in every window.
                missed = missed is null ? $"{WindowOptions.NameOf(kind)}/{WindowOptions.NameOf(size)}" : $"{missed},{WindowOptions.NameOf(kind)}/{WindowOptions.NameOf(size)}";
                _orphanDeltas.Add(new WindowTotal(WindowOptions.NameOf(size), bounds.Start, WindowOptions.NameOf(kind), key, 1, tx.Amount));
                applied |= 1 << i;
                continue;
            }

            lateUpdate |= bounds.EndUtcTicks <= watermark;
            Update(size, bounds, kind, key, 1, tx.Amount);
            applied |= 1 << i;
        }

        if (applied != 0)
        {
            _ledger.Set(tx.TransactionId, new Contribution(ticks, tx.Amount, tx.CustomerId, tx.Category, applied));
            Counters._events++;
        }

        if (lateUpdate)
        {
            Counters._lateUpdates++;
        }

        if (missed is not null)
        {
            Counters._lateEvents++;
            late.Add(new LateEvent(tx.TransactionId, tx.EventTime, Watermark, missed, "window already closed (the watermark passed its end plus the allowed lateness): its stored total was corrected"));
        }
    }

    private void Subtract(Contribution old)
    {
        ZonedCalendar calendar = CalendarOf(old.CustomerId);
        long watermark = WatermarkTicks;
        bool afterClose = false;
        for (int i = 0; i < _targets.Length; i++)
        {
            if ((old.Applied & (1 << i)) == 0)
            {
                continue;
            }

            (WindowKeyKind kind, WindowSize size) = _targets[i];
            WindowBounds bounds = calendar.WindowOf(size, old.EventUtcTicks);
            string key = kind == WindowKeyKind.Customer ? old.CustomerId : old.Category;
            if (watermark != long.MinValue && bounds.EndUtcTicks + _latenessTicks[(int)size] <= watermark)
            {
                // The window's state is gone, but sinks add deltas: publishing the subtraction keeps them right.
                _orphanDeltas.Add(new WindowTotal(WindowOptions.NameOf(size), bounds.Start, WindowOptions.NameOf(kind), key, -1, -old.Amount));
                afterClose = true;
                continue;
            }

            Update(size, bounds, kind, key, -1, -old.Amount);
        }

        if (afterClose)
        {
            Counters._correctionsAfterClose++;
        }
    }

    private void DeltaOnly(Contribution c, int sign)
    {
        ZonedCalendar calendar = CalendarOf(c.CustomerId);
        for (int i = 0; i < _targets.Length; i++)
        {
            if ((c.Applied & (1 << i)) != 0)
            {
                (WindowKeyKind kind, WindowSize size) = _targets[i];
                WindowBounds bounds = calendar.WindowOf(size, c.EventUtcTicks);
                string key = kind == WindowKeyKind.Customer ? c.CustomerId : c.Category;
                _orphanDeltas.Add(new WindowTotal(WindowOptions.NameOf(size), bounds.Start, WindowOptions.NameOf(kind), key, sign, sign * c.Amount));
            }
        }
    }

    private void Update(WindowSize size, WindowBounds bounds, WindowKeyKind kind, string key, long count, decimal amount)
    {
        var id = new WindowId(size, bounds.StartUtcTicks, bounds.EndUtcTicks);
        ref OpenWindow? window = ref CollectionsMarshal.GetValueRefOrAddDefault(_open, id, out bool exists);
        if (!exists)
        {
            window = new OpenWindow(size, bounds);
            _nextCloseTicks = Math.Min(_nextCloseTicks, bounds.EndUtcTicks + _latenessTicks[(int)size]);
        }

        Dictionary<string, WindowCell> cells = window!.CellsOf(kind);
        if (!cells.TryGetValue(key, out WindowCell? cell))
        {
            // A new customer-day cell: keyed by the ledger's copy of the name, not this record's.
            key = _ledger.InternName(key);
            cell = new WindowCell(window!, kind, key);
            cells.Add(key, cell);
        }

        // Running totals take the deltas at flush: half the decimal arithmetic on the hot path.
        cell.DeltaCount += count;
        cell.DeltaAmount += amount;
        if (!cell.Dirty)
        {
            cell.Dirty = true;
            _dirty.Add(cell);
        }
    }
}
