using System.Runtime.CompilerServices;

namespace StreamGuard.Pipeline.State;

/// <summary>
/// A list kept in arrays below the large-object threshold: a capture's index of a few hundred
/// thousand items would otherwise double its way through the large-object heap, whose dead arrays
/// stay resident until the next gen2 collection. The first array doubles up to the chunk length;
/// past it, full chunks stay where they are (nothing is copied).
/// </summary>
internal sealed class SmallChunks<T>
    where T : struct
{
    // 64 KB of items per chunk, well under the 85,000-byte large-object threshold.
    private static readonly int s_chunkLength = Math.Max(1, 65536 / Unsafe.SizeOf<T>());
    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index] => _chunks[index / s_chunkLength][index % s_chunkLength];

    public void Add(T item)
    {
        int chunk = Count / s_chunkLength;
        int at = Count % s_chunkLength;
        if (chunk == _chunks.Count)
        {
            _chunks.Add(new T[chunk == 0 ? Math.Min(16, s_chunkLength) : s_chunkLength]);
        }
        else if (at == _chunks[chunk].Length)
        {
            // Only the first chunk is ever short: it grows like a list until it is a whole chunk.
            T[] grown = new T[Math.Min(s_chunkLength, at * 2)];
            _chunks[chunk].AsSpan().CopyTo(grown);
            _chunks[chunk] = grown;
        }

        _chunks[chunk][at] = item;
        Count++;
    }
}
