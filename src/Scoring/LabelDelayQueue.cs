namespace StreamGuard.Scoring;

/// <summary>
/// Holds labelled examples until the event-time watermark passes their event time plus the label
/// delay, as chargebacks arrive days after the purchase. First in, first out: an example is never
/// released early, at worst a little late when events arrive out of order. Bounded: beyond capacity
/// the oldest waiting example is dropped and counted.
/// </summary>
internal sealed class LabelDelayQueue
{
    private readonly long _delayTicks;
    private readonly int _capacity;
    private Entry[] _entries;
    private int _head;
    private int _count;

    public LabelDelayQueue(TimeSpan delay, int capacity)
    {
        _delayTicks = delay.Ticks;
        _capacity = capacity;
        _entries = new Entry[Math.Min(capacity, 1024)];
    }

    public int Count => _count;

    public long Dropped { get; private set; }

    public void Enqueue(long eventTicks, bool label, in LabelExample example, in ModelRow row)
    {
        if (_count == _capacity)
        {
            _head = (_head + 1) % _entries.Length;
            _count--;
            Dropped++;
        }
        else if (_count == _entries.Length)
        {
            Grow();
        }

        _entries[(_head + _count) % _entries.Length] = new Entry(eventTicks + _delayTicks, label, example, row, eventTicks);
        _count++;
    }

    /// <summary>Takes the next example whose label may now be used, given the event-time watermark.</summary>
    public bool TryRelease(long watermarkTicks, out bool label, out LabelExample example, out ModelRow row, out long eventTicks)
    {
        if (_count > 0 && _entries[_head].DueTicks <= watermarkTicks)
        {
            ref Entry entry = ref _entries[_head];
            label = entry.Label;
            example = entry.Example;
            row = entry.Row;
            eventTicks = entry.EventTicks;
            entry = default;
            _head = (_head + 1) % _entries.Length;
            _count--;
            return true;
        }

        label = false;
        example = default;
        row = default;
        eventTicks = 0;
        return false;
    }

    private void Grow()
    {
        var larger = new Entry[(int)Math.Min(_capacity, (long)_entries.Length * 2)];
        for (int i = 0; i < _count; i++)
        {
            larger[i] = _entries[(_head + i) % _entries.Length];
        }

        _entries = larger;
        _head = 0;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Dropped);
        writer.Write(_count);
        for (int i = 0; i < _count; i++)
        {
            ref Entry entry = ref _entries[(_head + i) % _entries.Length];
            writer.Write(entry.DueTicks);
            writer.Write(entry.Label);
            entry.Example.Write(writer);
            entry.Row.Write(writer);
            writer.Write(entry.EventTicks);
        }
    }

    public void Read(BinaryReader reader)
    {
        Dropped = reader.ReadInt64();
        int count = reader.ReadInt32();
        _entries = new Entry[Math.Max(Math.Min(_capacity, 1024), count)];
        _head = 0;
        _count = count;
        for (int i = 0; i < count; i++)
        {
            _entries[i] = new Entry(reader.ReadInt64(), reader.ReadBoolean(), LabelExample.Read(reader), ModelRow.Read(reader), reader.ReadInt64());
        }
    }

    private readonly record struct Entry(long DueTicks, bool Label, LabelExample Example, ModelRow Row, long EventTicks);
}
