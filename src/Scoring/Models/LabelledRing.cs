namespace StreamGuard.Scoring.Models;

/// <summary>The latest labelled rows of one class, oldest overwritten first; grows on demand up to its capacity.</summary>
internal sealed class LabelledRing
{
    private readonly int _capacity;
    private ModelRow[] _rows = [];
    private long[] _ticks = [];
    private int _start;

    public LabelledRing(int capacity) => _capacity = capacity;

    public int Count { get; private set; }

    public void Add(in ModelRow row, long ticks)
    {
        if (Count < _capacity)
        {
            if (Count == _rows.Length)
            {
                int size = (int)Math.Min(_capacity, Math.Max(256, (long)_rows.Length * 2));
                Array.Resize(ref _rows, size);
                Array.Resize(ref _ticks, size);
            }

            _rows[Count] = row;
            _ticks[Count] = ticks;
            Count++;
            return;
        }

        _rows[_start] = row;
        _ticks[_start] = ticks;
        _start = (_start + 1) % _capacity;
    }

    public void CopyTo(TrainingSet set, bool label, float weight)
    {
        for (int i = 0; i < Count; i++)
        {
            int at = (_start + i) % Math.Max(1, Count);
            set.Add(in _rows[at], label, _ticks[at], weight);
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        for (int i = 0; i < Count; i++)
        {
            int at = (_start + i) % Count;
            _rows[at].Write(writer);
            writer.Write(_ticks[at]);
        }
    }

    public void Read(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > _capacity)
        {
            throw new InvalidDataException($"The training buffer holds {count} rows, more than its capacity {_capacity}.");
        }

        _rows = new ModelRow[count];
        _ticks = new long[count];
        _start = 0;
        Count = count;
        for (int i = 0; i < count; i++)
        {
            _rows[i] = ModelRow.Read(reader);
            _ticks[i] = reader.ReadInt64();
        }
    }
}
