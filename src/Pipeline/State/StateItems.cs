namespace StreamGuard.Pipeline.State;

/// <summary>
/// What an incremental capture holds: the stage's small head (written whole every time) and the
/// keyed items changed or removed since the previous capture, or every item when <see cref="Full"/>.
/// The items' bytes share a few buffers: no object per item.
/// </summary>
/// <remarks>
/// Every buffer stays below the large-object threshold (85,000 bytes): a capture lives only until its
/// save is stored, and a large array that held it would stay resident, dead, until the next gen2
/// collection, while the large-object heap's budget grows with how much of it dies. Doubling one
/// buffer to a delta of 300,000 items left two to three times the delta's size of such garbage per
/// stage and save, the largest share of a 2M-event run's peak RSS (docs/performance.md, round seven).
/// </remarks>
public sealed class StateItems
{
    // Bytes per data chunk: under the large-object threshold. An item larger than this gets a chunk of its own.
    private const int ChunkBytes = 65536;
    private const int FirstChunkBytes = 256;
    private readonly List<byte[]> _chunks = [];
    private readonly SmallChunks<Upserted> _upserts = new();
    private readonly SmallChunks<(byte Kind, long Key)> _removed = new();
    private int _used;
    private long _itemBytes;

    /// <param name="full">See <see cref="Full"/>.</param>
    public StateItems(bool full) => Full = full;

    /// <summary>True when the items are every item of the stage (the store drops whatever else it held for it).</summary>
    public bool Full { get; set; }

    /// <summary>The part of the state that is not keyed (written whole by every capture).</summary>
    public byte[] Head { get; set; } = [];

    /// <summary>Items written or removed.</summary>
    public int ChangedItems => _upserts.Count + _removed.Count;

    public int UpsertCount => _upserts.Count;

    public int RemovedCount => _removed.Count;

    /// <summary>What this capture costs to store: head, item bytes and keys.</summary>
    public long Bytes => Head.Length + _itemBytes + (9L * ChangedItems);

    /// <summary>A buffer of at least <paramref name="size"/> bytes for the next item; pass the bytes used to <see cref="Upsert(byte, long, int)"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (_chunks.Count == 0 || _chunks[^1].Length - _used < size)
        {
            NextChunk(size);
        }

        return _chunks[^1].AsSpan(_used);
    }

    /// <summary>Adds the item just written into <see cref="GetSpan"/>.</summary>
    public void Upsert(byte kind, long key, int length)
    {
        if (_chunks.Count == 0 || length > _chunks[^1].Length - _used)
        {
            throw new InvalidOperationException("An item must be written into the span GetSpan gave for it.");
        }

        _upserts.Add(new Upserted(key, _chunks.Count - 1, _used, length, kind));
        _used += length;
        _itemBytes += length;
    }

    public void Upsert(byte kind, long key, ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetSpan(data.Length));
        Upsert(kind, key, data.Length);
    }

    public void Remove(byte kind, long key) => _removed.Add((kind, key));

    /// <summary>The item at <paramref name="index"/> of the upserts, in the order they were added.</summary>
    public (byte Kind, long Key, ReadOnlyMemory<byte> Data) UpsertAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_upserts.Count, nameof(index));
        Upserted u = _upserts[index];
        return (u.Kind, u.Key, _chunks[u.Chunk].AsMemory(u.Offset, u.Length));
    }

    public (byte Kind, long Key) RemovedAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_removed.Count, nameof(index));
        return _removed[index];
    }

    private void NextChunk(int size)
    {
        // Chunks double from a small first one (most captures hold a few items) up to the chunk size; a full
        // chunk is left as it is, so nothing is ever copied and items keep their (chunk, offset).
        int length = _chunks.Count == 0 ? FirstChunkBytes : Math.Min(ChunkBytes, _chunks[^1].Length * 2);
        _chunks.Add(new byte[Math.Max(length, size)]);
        _used = 0;
    }

    private readonly record struct Upserted(long Key, int Chunk, int Offset, int Length, byte Kind);
}
