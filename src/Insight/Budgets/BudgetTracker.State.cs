using System.Text;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Budgets;

public sealed partial class BudgetTracker : IItemState
{
    // The correction ledger's entries: one item per entry in earlier versions (still read), pages of entries now.
    private const byte LedgerEntryItem = 1;
    private const byte StandingItem = 2;
    private const byte LedgerPageItem = 3;

    // The (customer, category) standings changed since the last item capture; tracked only once a store keeps items.
    private readonly HashSet<(string Customer, string Category)> _changedStates = [];
    private bool _statesTracking;

    /// <summary>
    /// Month-to-date spend, history and raised alerts per customer and category, the correction ledger,
    /// and when each customer was last alerted (the rate limit: without it a restarted run raises
    /// warnings an uninterrupted one held back).
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_maxTicks);
        writer.Write(_states.Count);
        foreach (((string customer, string category), BudgetState s) in _states)
        {
            WriteStanding(writer, customer, category, s);
        }

        _ledger.Write(writer);
        WriteAlertTimes(writer);
    }

    /// <summary>Replaces the state with one written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader)
    {
        _maxTicks = reader.ReadInt64();
        _states.Clear();
        StopTrackingStates();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            (string customer, string category, BudgetState s) = ReadStanding(reader);
            _states[(customer, category)] = s;
        }

        _ledger.Read(reader);
        ReadAlertTimes(reader);
    }

    /// <summary>The head (newest event time, ledger names, alert times) and the changed standings and ledger entries as items.</summary>
    public void CaptureItems(StateItems into, BinaryWriter head)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(head);
        head.Write(_maxTicks);
        _ledger.WriteNames(head);
        WriteAlertTimes(head);
        into.Full |= !_ledger.Tracking || !_statesTracking;

        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        void Write((string Customer, string Category) key, BudgetState state)
        {
            buffer.SetLength(0);
            WriteStanding(writer, key.Customer, key.Category, state);
            writer.Flush();
            into.Upsert(StandingItem, KeyOf(key), buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        if (into.Full)
        {
            foreach (((string, string) key, BudgetState state) in _states)
            {
                Write(key, state);
            }
        }
        else
        {
            foreach ((string, string) key in _changedStates)
            {
                Write(key, _states[key]);
            }
        }

        _ledger.WriteItems(into, LedgerPageItem, into.Full);
        _changedStates.Clear();
        _statesTracking = true;
    }

    /// <summary>Replaces the whole state with a head and the items written by <see cref="CaptureItems"/>.</summary>
    public void RestoreItems(BinaryReader head, IEnumerable<StateItem> items)
    {
        ArgumentNullException.ThrowIfNull(head);
        _maxTicks = head.ReadInt64();
        _states.Clear();
        List<StateItem> ledger = [];
        List<StateItem> legacyLedger = [];
        foreach (StateItem item in items)
        {
            if (item.Kind is LedgerPageItem or LedgerEntryItem)
            {
                (item.Kind == LedgerPageItem ? ledger : legacyLedger).Add(item);
                continue;
            }

            if (item.Kind != StandingItem)
            {
                throw new InvalidDataException($"A saved budget item has kind {item.Kind}, which this version does not know.");
            }

            using var reader = new BinaryReader(new MemoryStream(item.Data, writable: false), Encoding.UTF8);
            (string customer, string category, BudgetState s) = ReadStanding(reader);
            _states[(customer, category)] = s;
        }

        _ledger.ReadItems(head, ledger, legacyLedger);
        ReadAlertTimes(head);
        _changedStates.Clear();
        _statesTracking = true;
    }

    /// <summary>The stable key of a standing (FNV-1a of customer and category), the same in every process.</summary>
    private static long KeyOf((string Customer, string Category) key) =>
        Windows.ContributionLedger.KeyOf(key.Customer + "\u0001" + key.Category);

    private static void WriteStanding(BinaryWriter writer, string customer, string category, BudgetState s)
    {
        writer.Write(customer);
        writer.Write(category);
        writer.Write(s.Month);
        writer.Write(s.MonthToDate);
        writer.Write(s.LastDay);
        writer.Write(s.AlertFlags);
        writer.WriteAll(s.MonthByWeekday);
        writer.Write(s.History?.Count ?? -1);
        foreach ((int month, decimal total) in s.History ?? [])
        {
            writer.Write(month);
            writer.Write(total);
        }

        writer.Write(s.WeekdayTotals is not null);
        if (s.WeekdayTotals is not null)
        {
            writer.WriteAll(s.WeekdayTotals);
            writer.WriteAll(s.WeekdayAverage!);
            foreach (int days in s.WeekdayDays!)
            {
                writer.Write(days);
            }
        }
    }

    private static (string Customer, string Category, BudgetState State) ReadStanding(BinaryReader reader)
    {
        string customer = reader.ReadString();
        string category = reader.ReadString();
        var s = new BudgetState { Month = reader.ReadInt32(), MonthToDate = reader.ReadDecimal(), LastDay = reader.ReadInt32(), AlertFlags = reader.ReadInt32() };
        reader.ReadInto(s.MonthByWeekday);
        int history = reader.ReadInt32();
        if (history >= 0)
        {
            s.History = new List<(int, decimal)>(history);
            for (int h = 0; h < history; h++)
            {
                s.History.Add((reader.ReadInt32(), reader.ReadDecimal()));
            }
        }

        if (reader.ReadBoolean())
        {
            s.WeekdayTotals = reader.ReadInto(new decimal[7]);
            s.WeekdayAverage = reader.ReadInto(new decimal[7]);
            s.WeekdayDays = new int[7];
            for (int d = 0; d < 7; d++)
            {
                s.WeekdayDays[d] = reader.ReadInt32();
            }
        }

        return (customer, category, s);
    }

    private void WriteAlertTimes(BinaryWriter writer)
    {
        writer.Write(_lastAlertTicks.Count);
        foreach ((string customer, long ticks) in _lastAlertTicks)
        {
            writer.Write(customer);
            writer.Write(ticks);
        }
    }

    private void ReadAlertTimes(BinaryReader reader)
    {
        _lastAlertTicks.Clear();
        int alerted = reader.ReadInt32();
        for (int i = 0; i < alerted; i++)
        {
            _lastAlertTicks[reader.ReadString()] = reader.ReadInt64();
        }
    }

    // A standing changed: its item goes into the next incremental save.
    private void StandingChanged(string customer, string category)
    {
        if (_statesTracking)
        {
            _changedStates.Add((customer, category));
        }
    }

    private void StopTrackingStates()
    {
        _statesTracking = false;
        _changedStates.Clear();
    }
}
