using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Budgets;

public sealed partial class BudgetTracker
{
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

        _ledger.Write(writer);
        writer.Write(_lastAlertTicks.Count);
        foreach ((string customer, long ticks) in _lastAlertTicks)
        {
            writer.Write(customer);
            writer.Write(ticks);
        }
    }

    /// <summary>Replaces the state with one written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader)
    {
        _maxTicks = reader.ReadInt64();
        _states.Clear();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
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

            _states[(customer, category)] = s;
        }

        _ledger.Read(reader);
        _lastAlertTicks.Clear();
        int alerted = reader.ReadInt32();
        for (int i = 0; i < alerted; i++)
        {
            _lastAlertTicks[reader.ReadString()] = reader.ReadInt64();
        }
    }
}
