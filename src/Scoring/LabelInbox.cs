using System.Collections.Concurrent;

namespace StreamGuard.Scoring;

/// <summary>
/// Labels posted from outside the pipeline (the console's verdicts, a labels feed), waiting for
/// the scoring stage to take them in between batches. Bounded: a full inbox refuses a label
/// instead of growing; the poster keeps the label (verdicts are stored) and can post it again.
/// </summary>
public sealed class LabelInbox
{
    private readonly ConcurrentQueue<FraudLabel> _queue = new();
    private readonly int _capacity;
    private int _count;

    public LabelInbox(int capacity = 10_000) => _capacity = capacity;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Queues a label; false when the inbox is full.</summary>
    public bool TryPost(FraudLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _queue.Enqueue(label);
        return true;
    }

    /// <summary>Moves every queued label into <paramref name="into"/>; returns how many.</summary>
    public int Drain(List<FraudLabel> into)
    {
        int taken = 0;
        while (_queue.TryDequeue(out FraudLabel? label))
        {
            Interlocked.Decrement(ref _count);
            into.Add(label);
            taken++;
        }

        return taken;
    }
}
