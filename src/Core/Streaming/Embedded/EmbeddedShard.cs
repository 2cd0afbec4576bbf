using System.Globalization;

namespace StreamGuard.Core.Streaming.Embedded;

/// <summary>
/// One shard of the embedded stream: an ordered log with sequence numbers. It keeps records until
/// the consumer has checkpointed past them, and holds at most <c>capacity</c> of them: a writer
/// waits for room, which is how backpressure reaches the producer in embedded mode.
/// Sequence numbers are counters that only grow. A writer either lets the shard number records
/// (one more each time) or gives each record its own counter, derived from the record's place in
/// its source: then a record sent again after a restart gets the sequence number it had before,
/// and stream positions saved by an earlier process stay true (<see cref="SetFloor"/>).
/// </summary>
internal sealed class EmbeddedShard
{
    private readonly Lock _lock = new();
    private readonly List<StreamRecord> _records = [];
    private readonly List<long> _counters = [];
    private readonly int _capacity;
    private readonly string _sequencePrefix;
    private long _floor = -1;
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

    /// <summary>The counter the next record gets when the shard numbers it; above every counter written.</summary>
    public long NextCounter { get; private set; }

    private int Retained => _records.Count - _head;

    /// <summary>
    /// Records at or below <paramref name="sequenceNumber"/> were processed by an earlier process:
    /// writing one of them again is accepted and dropped, and counters continue above it.
    /// </summary>
    public void SetFloor(string sequenceNumber)
    {
        lock (_lock)
        {
            _floor = Math.Max(_floor, Parse(sequenceNumber));
            NextCounter = Math.Max(NextCounter, _floor + 1);
        }
    }

    public ValueTask<string?> AppendAsync(string partitionKey, ReadOnlyMemory<byte> data, DateTimeOffset now, CancellationToken cancellationToken) =>
        AppendAsync(partitionKey, data, null, now, cancellationToken);

    public ValueTask<string?> AppendAsync(string partitionKey, ReadOnlyMemory<byte> data, long? counter, DateTimeOffset now, CancellationToken cancellationToken) =>
        AppendAsync(partitionKey, data, decoded: null, counter, now, cancellationToken);

    /// <summary>
    /// Appends a record numbered <paramref name="counter"/> (or the next counter when null). Returns its
    /// sequence number, or null when the counter is at or below the floor (already processed).
    /// </summary>
    /// <exception cref="ArgumentException">The counter is not above the last one written.</exception>
    /// <param name="decoded">The value <paramref name="data"/> encodes, kept for readers in this process (<see cref="StreamRecord.Decoded"/>).</param>
    public async ValueTask<string?> AppendAsync(string partitionKey, ReadOnlyMemory<byte> data, object? decoded, long? counter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (counter is { } given && given <= _floor)
                {
                    return null;
                }

                if (Retained < _capacity)
                {
                    long next = counter ?? NextCounter;
                    if (next < NextCounter)
                    {
                        throw new ArgumentException($"Sequence counter {next} of {Id} is not above the last one written ({NextCounter - 1}).", nameof(counter));
                    }

                    NextCounter = next + 1;
                    string sequenceNumber = Format(next);
                    _records.Add(new StreamRecord(sequenceNumber, partitionKey, data, now) { Decoded = decoded });
                    _counters.Add(next);
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
            int offset = FirstAtOrAbove(counter);
            int count = Math.Max(0, Math.Min(limit, _records.Count - offset));
            var page = count == 0 ? (IReadOnlyList<StreamRecord>)[] : _records.GetRange(offset, count);
            long next = count == 0 ? counter : _counters[offset + count - 1] + 1;
            long behind = 0;
            if (count > 0 && Retained > 0)
            {
                behind = (long)(_records[^1].ApproximateArrivalTimestamp - page[^1].ApproximateArrivalTimestamp).TotalMilliseconds;
            }

            return new GetRecordsResult(page, iteratorPrefix + next.ToString(CultureInfo.InvariantCulture), behind);
        }
    }

    /// <summary>The retained records with counters in [<paramref name="from"/>, <paramref name="toExclusive"/>), in order.</summary>
    public IReadOnlyList<StreamRecord> ReadBetween(long from, long toExclusive)
    {
        lock (_lock)
        {
            int start = FirstAtOrAbove(from);
            int end = FirstAtOrAbove(toExclusive);
            return end <= start ? [] : _records.GetRange(start, end - start);
        }
    }

    /// <summary>The counter of the first retained record at or above <paramref name="from"/>, or null.</summary>
    public long? FirstCounterFrom(long from)
    {
        lock (_lock)
        {
            int index = FirstAtOrAbove(from);
            return index < _records.Count ? _counters[index] : null;
        }
    }

    /// <summary>Drops records up to and including <paramref name="sequenceNumber"/> and wakes waiting writers.</summary>
    public void TrimThrough(string sequenceNumber)
    {
        TaskCompletionSource freed;
        lock (_lock)
        {
            long through = Parse(sequenceNumber);
            int drop = FirstAtOrAbove(through + 1) - _head;
            if (drop <= 0)
            {
                return;
            }

            _head += drop;
            if (_head > 4096 && _head > _records.Count / 2)
            {
                _records.RemoveRange(0, _head);
                _counters.RemoveRange(0, _head);
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

    // Index of the first retained record whose counter is at least `counter` (counters are sorted).
    private int FirstAtOrAbove(long counter)
    {
        int low = _head;
        int high = _records.Count;
        while (low < high)
        {
            int mid = low + ((high - low) / 2);
            if (_counters[mid] < counter)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private string Format(long counter) => _sequencePrefix + counter.ToString("D20", CultureInfo.InvariantCulture);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
