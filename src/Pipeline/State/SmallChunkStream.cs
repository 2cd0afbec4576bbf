namespace StreamGuard.Pipeline.State;

/// <summary>
/// A write-only stream that keeps what is written in chunks below the large-object threshold and
/// gives it back as one array of the exact length. A state save written into a
/// <see cref="MemoryStream"/> left its doubling buffers and then the copy <c>ToArray</c> makes, all
/// large objects that stay resident, dead, until the next gen2 collection; this leaves only the
/// returned array.
/// </summary>
public sealed class SmallChunkStream : Stream
{
    // Under the 85,000-byte large-object threshold.
    private const int ChunkBytes = 65536;
    private const int FirstChunkBytes = 256;
    private readonly List<byte[]> _chunks = [];
    private int _used;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>Everything written, in one array of its exact length.</summary>
    public byte[] ToArray()
    {
        byte[] all = GC.AllocateUninitializedArray<byte>(checked((int)_length));
        Span<byte> to = all;
        for (int i = 0; i < _chunks.Count; i++)
        {
            int used = i == _chunks.Count - 1 ? _used : _chunks[i].Length;
            _chunks[i].AsSpan(0, used).CopyTo(to);
            to = to[used..];
        }

        return all;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_chunks.Count == 0 || _used == _chunks[^1].Length)
            {
                AddChunk();
            }

            int n = Math.Min(buffer.Length, _chunks[^1].Length - _used);
            buffer[..n].CopyTo(_chunks[^1].AsSpan(_used));
            _used += n;
            _length += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value)
    {
        if (_chunks.Count == 0 || _used == _chunks[^1].Length)
        {
            AddChunk();
        }

        _chunks[^1][_used++] = value;
        _length++;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // Chunks double from a small first one (most states are small) up to the chunk size.
    private void AddChunk()
    {
        _chunks.Add(new byte[_chunks.Count == 0 ? FirstChunkBytes : Math.Min(ChunkBytes, _chunks[^1].Length * 2)]);
        _used = 0;
    }
}
