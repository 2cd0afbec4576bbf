using System.Buffers;

namespace StreamGuard.Pipeline.State;

/// <summary>
/// What an incremental capture holds: the stage's small head (written whole every time) and the
/// keyed items changed or removed since the previous capture, or every item when <see cref="Full"/>.
/// The items' bytes share one buffer: no object per item.
/// </summary>
public sealed class StateItems
{
    private readonly ArrayBufferWriter<byte> _data;
    private readonly List<(byte Kind, long Key, int Offset, int Length)> _upserts;
    private readonly List<(byte Kind, long Key)> _removed;

    public StateItems(bool full)
        : this(full, default)
    {
    }

    /// <param name="full">See <see cref="Full"/>.</param>
    /// <param name="expected">
    /// The size of the same stage's previous capture (<see cref="Size"/>): the buffers start there (<see cref="SaveBufferSize"/>)
    /// instead of doubling up from nothing. Doubling to a delta of 300,000 items (10 MB of
    /// item bytes, 7 MB of index) left about as much again of large-object garbage per stage and save,
    /// collected only by the next gen2 collection, and saves are where the resident peak is reached.
    /// </param>
    public StateItems(bool full, StateItemsSize expected)
    {
        Full = full;
        _data = new ArrayBufferWriter<byte>(Math.Max(256, SaveBufferSize.After(expected.ItemBytes)));
        _upserts = new(SaveBufferSize.After(expected.Upserts));
        _removed = new(SaveBufferSize.After(expected.Removed));
    }

    /// <summary>True when the items are every item of the stage (the store drops whatever else it held for it).</summary>
    public bool Full { get; set; }

    /// <summary>The part of the state that is not keyed (written whole by every capture).</summary>
    public byte[] Head { get; set; } = [];

    /// <summary>Items written or removed.</summary>
    public int ChangedItems => _upserts.Count + _removed.Count;

    public int UpsertCount => _upserts.Count;

    public int RemovedCount => _removed.Count;

    /// <summary>What this capture holds, to size the stage's next one (<see cref="StateItems(bool, StateItemsSize)"/>).</summary>
    public StateItemsSize Size => new(_data.WrittenCount, _upserts.Count, _removed.Count);

    /// <summary>What this capture costs to store: head, item bytes and keys.</summary>
    public long Bytes => Head.Length + _data.WrittenCount + (9L * ChangedItems);

    /// <summary>A buffer of at least <paramref name="size"/> bytes for the next item; pass the bytes used to <see cref="Upsert(byte, long, int)"/>.</summary>
    public Span<byte> GetSpan(int size) => _data.GetSpan(size);

    /// <summary>Adds the item just written into <see cref="GetSpan"/>.</summary>
    public void Upsert(byte kind, long key, int length)
    {
        _upserts.Add((kind, key, _data.WrittenCount, length));
        _data.Advance(length);
    }

    public void Upsert(byte kind, long key, ReadOnlySpan<byte> data)
    {
        data.CopyTo(_data.GetSpan(data.Length));
        Upsert(kind, key, data.Length);
    }

    public void Remove(byte kind, long key) => _removed.Add((kind, key));

    /// <summary>The item at <paramref name="index"/> of the upserts, in the order they were added.</summary>
    public (byte Kind, long Key, ReadOnlyMemory<byte> Data) UpsertAt(int index)
    {
        (byte kind, long key, int offset, int length) = _upserts[index];
        return (kind, key, _data.WrittenMemory.Slice(offset, length));
    }

    public (byte Kind, long Key) RemovedAt(int index) => _removed[index];
}
