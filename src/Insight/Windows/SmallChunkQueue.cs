using System.Runtime.CompilerServices;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// A first-in first-out queue kept in 64 KB chunks, none on the large-object heap (a ledger's age
/// queue of 500,000 entries was an 8 MB array there; see <see cref="SmallPartsMap{TValue}"/> for why
/// that matters). A drained chunk is kept for the next one the tail needs.
/// </summary>
internal sealed class SmallChunkQueue<T>
    where T : struct
{
    private static readonly int s_chunkLength = Math.Max(1, 65536 / Unsafe.SizeOf<T>());
    private readonly Queue<T[]> _chunks = new();
    private T[]? _tail;
    private T[]? _spare;
    private int _head;
    private int _tailCount;

    public int Count { get; private set; }

    public void Enqueue(T item)
    {
        if (_tail is null || _tailCount == _tail.Length)
        {
            _tail = _spare ?? new T[s_chunkLength];
            _spare = null;
            _chunks.Enqueue(_tail);
            _tailCount = 0;
        }

        _tail[_tailCount++] = item;
        Count++;
    }

    public bool TryPeek(out T item)
    {
        if (Count == 0)
        {
            item = default;
            return false;
        }

        item = _chunks.Peek()[_head];
        return true;
    }

    public T Dequeue()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The queue is empty.");
        }

        T[] first = _chunks.Peek();
        T item = first[_head++];
        Count--;
        if (Count == 0)
        {
            Clear();
        }
        else if (_head == first.Length)
        {
            _spare = _chunks.Dequeue();
            _head = 0;
        }

        return item;
    }

    public void Clear()
    {
        _chunks.Clear();
        _tail = null;
        _head = 0;
        _tailCount = 0;
        Count = 0;
    }
}
