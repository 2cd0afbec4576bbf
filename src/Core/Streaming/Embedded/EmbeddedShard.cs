using System.Globalization;

namespace StreamGuard.Core.Streaming.Embedded;

/// <summary>
/// One shard of the embedded stream: an ordered log with sequence numbers. It keeps records until
/// the consumer has checkpointed past them, and holds at most <c>capacity</c> of them: a writer
/// waits for room, which is how backpressure reaches the producer in embedded mode.
/// </summary>
internal sealed class EmbeddedShard
{
    private readonly Lock _lock = new();
    private readonly List<StreamRecord> _records = [];
    private readonly int _capacity;
    private readonly string _sequencePrefix;
    private long _firstCounter;
    private int _head;
    private TaskCompletionSource _roomFreed = NewSignal();

    public EmbeddedShard(int index, int capacity)
    {
        Index = index;
        Id = $"shardId-{index:D12}";
        _capacity = capacity;
        _sequencePrefix = "49" + index.ToString("D4", CultureInfo.InvariantCulture);
    }

    public int Index { get; }

    public string Id { get; }

    public string StartingSequenceNumber => Format(0);

    public long NextCounter { get; private set; }

    private int Retained => _records.Count - _head;

    public async ValueTask<string> AppendAsync(string partitionKey, ReadOnlyMemory<byte> data, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (Retained < _capacity)
                {
                    string sequenceNumber = Format(NextCounter++);
                    _records.Add(new StreamRecord(sequenceNumber, partitionKey, data, now));
                    return sequenceNumber;
                }

                wait = _roomFreed.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public GetRecordsResult Read(long counter, int limit, string iteratorPrefix)
    {
        lock (_lock)
        {
            long start = Math.Max(counter, _firstCounter);
            int offset = _head + (int)(start - _firstCounter);
            int count = Math.Max(0, Math.Min(limit, _records.Count - offset));
            var page = count == 0 ? (IReadOnlyList<StreamRecord>)[] : _records.GetRange(offset, count);
            long next = start + count;
            long behind = 0;
            if (count > 0 && Retained > 0)
            {
                behind = (long)(_records[^1].ApproximateArrivalTimestamp - page[^1].ApproximateArrivalTimestamp).TotalMilliseconds;
            }

            return new GetRecordsResult(page, iteratorPrefix + next.ToString(CultureInfo.InvariantCulture), behind);
        }
    }

    /// <summary>Drops records up to and including <paramref name="sequenceNumber"/> and wakes waiting writers.</summary>
    public void TrimThrough(string sequenceNumber)
    {
        TaskCompletionSource freed;
        lock (_lock)
        {
            long through = Parse(sequenceNumber);
            int drop = (int)Math.Min(Retained, through + 1 - _firstCounter);
            if (drop <= 0)
            {
                return;
            }

            _head += drop;
            _firstCounter += drop;
            if (_head > 4096 && _head > _records.Count / 2)
            {
                _records.RemoveRange(0, _head);
                _head = 0;
            }

            freed = _roomFreed;
            _roomFreed = NewSignal();
        }

        freed.TrySetResult();
    }

    public long Parse(string sequenceNumber)
    {
        if (sequenceNumber.Length != 26 || !sequenceNumber.StartsWith(_sequencePrefix, StringComparison.Ordinal)
            || !long.TryParse(sequenceNumber.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out long counter))
        {
            throw new ArgumentException($"'{sequenceNumber}' is not a sequence number of {Id}.", nameof(sequenceNumber));
        }

        return counter;
    }

    private string Format(long counter) => _sequencePrefix + counter.ToString("D20", CultureInfo.InvariantCulture);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
