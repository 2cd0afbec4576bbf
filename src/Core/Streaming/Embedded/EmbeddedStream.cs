using System.Globalization;
using System.Numerics;

namespace StreamGuard.Core.Streaming.Embedded;

/// <summary>
/// An in-process stream with Kinesis semantics where the processor depends on them: a fixed set
/// of shards over even MD5 hash-key ranges, per-shard order and sequence numbers, shard iterators
/// and the PutRecords limits. Memory is bounded: records are trimmed once checkpointed.
/// </summary>
public sealed class EmbeddedStream : IStreamProducer, IStreamConsumer
{
    private readonly EmbeddedShard[] _shards;
    private readonly (UInt128 Start, UInt128 End)[] _ranges;
    private readonly TimeProvider _time;

    public EmbeddedStream(EmbeddedStreamOptions options, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShardCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShardCapacity, 1);
        _time = time ?? TimeProvider.System;
        _ranges = KinesisHashing.EvenRanges(options.ShardCount);
        _shards = Enumerable.Range(0, options.ShardCount).Select(i => new EmbeddedShard(i, options.ShardCapacity)).ToArray();
    }

    /// <summary>How long a shard iterator stays valid after it was issued: Kinesis's five minutes.</summary>
    public static readonly TimeSpan IteratorLifetime = TimeSpan.FromMinutes(5);

    public int ShardCount => _shards.Length;

    /// <summary>
    /// Appends one record under a counter of the writer's own (its place in the source), so that a
    /// record sent again by a later process gets the same sequence number. Counters must grow per
    /// shard. Returns the sequence number, or null when an earlier process already processed it
    /// (at or below the shard's floor: see <see cref="SetFloors"/>).
    /// </summary>
    public Task<string?> AppendSequencedAsync(string partitionKey, ReadOnlyMemory<byte> data, long counter, CancellationToken cancellationToken) =>
        AppendSequencedAsync(partitionKey, data, decoded: null, counter, cancellationToken).AsTask();

    /// <summary>
    /// As <see cref="AppendSequencedAsync(string, ReadOnlyMemory{byte}, long, CancellationToken)"/>, keeping the
    /// value <paramref name="data"/> encodes for readers in this process (<see cref="StreamRecord.Decoded"/>):
    /// the bytes stay the record, the value only spares an in-process reader the decoding.
    /// A value task: the writer appends every input row here and nearly all complete at once, so a
    /// Task would be one more object per event.
    /// </summary>
    public async ValueTask<string?> AppendSequencedAsync(string partitionKey, ReadOnlyMemory<byte> data, object? decoded, long counter, CancellationToken cancellationToken)
    {
        if (partitionKey.Length is 0 or > StreamLimits.MaxPartitionKeyLength)
        {
            throw new ArgumentException($"The partition key must have 1 to {StreamLimits.MaxPartitionKeyLength} characters.", nameof(partitionKey));
        }

        if (data.Length > StreamLimits.MaxBytesPerRecord)
        {
            throw new ArgumentException($"{data.Length} bytes exceeds the {StreamLimits.MaxBytesPerRecord}-byte record limit.", nameof(data));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        EmbeddedShard shard = _shards[KinesisHashing.ShardIndexOf(KinesisHashing.HashKey(partitionKey), _ranges)];
        return await shard.AppendAsync(partitionKey, data, decoded, counter, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends one record outside the sequenced input (e.g. the dashboard sample's rejected rows),
    /// keeping <paramref name="decoded"/> for readers in this process.
    /// </summary>
    public async Task<string> AppendAsync(string partitionKey, ReadOnlyMemory<byte> data, object? decoded, CancellationToken cancellationToken)
    {
        if (partitionKey.Length is 0 or > StreamLimits.MaxPartitionKeyLength)
        {
            throw new ArgumentException($"The partition key must have 1 to {StreamLimits.MaxPartitionKeyLength} characters.", nameof(partitionKey));
        }

        if (data.Length > StreamLimits.MaxBytesPerRecord)
        {
            throw new ArgumentException($"{data.Length} bytes exceeds the {StreamLimits.MaxBytesPerRecord}-byte record limit.", nameof(data));
        }

        EmbeddedShard shard = _shards[KinesisHashing.ShardIndexOf(KinesisHashing.HashKey(partitionKey), _ranges)];
        return (await shard.AppendAsync(partitionKey, data, decoded, counter: null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))!;
    }

    private long _writtenThrough = -1;

    /// <summary>
    /// The sequenced writer's progress: every counter up to this one was written (or skipped as a
    /// dead letter). A reader that needs whole counter ranges waits for it.
    /// </summary>
    public long WrittenThrough => Volatile.Read(ref _writtenThrough);

    public void AdvanceWrittenThrough(long counter)
    {
        if (counter > Volatile.Read(ref _writtenThrough))
        {
            Interlocked.Exchange(ref _writtenThrough, counter);
            // The exchange is a full fence: a waiter that published its target before this point is seen here.
            if (counter >= Volatile.Read(ref _waitingFor))
            {
                lock (_waitLock)
                {
                    if (_waiter is not null && counter >= _waitingFor)
                    {
                        _waiter.TrySetResult();
                        _waiter = null;
                        _waitingFor = long.MaxValue;
                    }
                }
            }
        }
    }

    private readonly Lock _waitLock = new();
    private TaskCompletionSource? _waiter;
    private long _waitingFor = long.MaxValue;

    /// <summary>
    /// Completes once <see cref="WrittenThrough"/> reaches <paramref name="counter"/>: ordered readers wait
    /// on this signal instead of polling, so a block is taken the moment the writer has passed it.
    /// One waiter at a time (the ordered feed).
    /// </summary>
    public Task WhenWrittenThroughAsync(long counter, CancellationToken cancellationToken)
    {
        lock (_waitLock)
        {
            Interlocked.Exchange(ref _waitingFor, counter);
            if (Volatile.Read(ref _writtenThrough) >= counter)
            {
                _waitingFor = long.MaxValue;
                _waiter = null;
                return Task.CompletedTask;
            }

            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Shard ids in order.</summary>
    public IReadOnlyList<string> ShardIds => _shards.Select(s => s.Id).ToArray();

    /// <summary>Records of shard <paramref name="shardIndex"/> with counters in [from, toExclusive).</summary>
    public IReadOnlyList<StreamRecord> ReadBetween(int shardIndex, long from, long toExclusive) => _shards[shardIndex].ReadBetween(from, toExclusive);

    /// <summary>The lowest counter at or above <paramref name="from"/> held by shard <paramref name="shardIndex"/>, or null.</summary>
    public long? FirstCounterFrom(int shardIndex, long from) => _shards[shardIndex].FirstCounterFrom(from);

    /// <summary>The counter inside a sequence number of shard <paramref name="shardIndex"/>.</summary>
    public long CounterOf(int shardIndex, string sequenceNumber) => _shards[shardIndex].Parse(sequenceNumber);

    /// <summary>Per shard, the last sequence number an earlier process processed: writes at or below it are dropped.</summary>
    public void SetFloors(IReadOnlyDictionary<string, string> positions)
    {
        foreach ((string shardId, string sequenceNumber) in positions)
        {
            if (_shards.FirstOrDefault(s => s.Id == shardId) is { } shard)
            {
                shard.SetFloor(sequenceNumber);
            }
        }
    }

    public async Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> records, CancellationToken cancellationToken)
    {
        if (records.Count is 0 or > StreamLimits.MaxRecordsPerPut)
        {
            throw new ArgumentException($"PutRecords takes 1 to {StreamLimits.MaxRecordsPerPut} records, got {records.Count}.", nameof(records));
        }

        long bytes = 0;
        var results = new PutRecordResult[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            PutRecordEntry entry = records[i];
            bytes += entry.Data.Length + entry.PartitionKey.Length;
            if (entry.PartitionKey.Length is 0 or > StreamLimits.MaxPartitionKeyLength)
            {
                throw new ArgumentException($"Record {i}: the partition key must have 1 to {StreamLimits.MaxPartitionKeyLength} characters.", nameof(records));
            }

            if (entry.Data.Length > StreamLimits.MaxBytesPerRecord)
            {
                throw new ArgumentException($"Record {i}: {entry.Data.Length} bytes exceeds the {StreamLimits.MaxBytesPerRecord}-byte record limit.", nameof(records));
            }
        }

        if (bytes > StreamLimits.MaxBytesPerPut)
        {
            throw new ArgumentException($"The request holds {bytes} bytes; PutRecords takes at most {StreamLimits.MaxBytesPerPut}.", nameof(records));
        }

        DateTimeOffset now = _time.GetUtcNow();
        for (int i = 0; i < records.Count; i++)
        {
            EmbeddedShard shard = _shards[KinesisHashing.ShardIndexOf(KinesisHashing.HashKey(records[i].PartitionKey), _ranges)];
            string sequenceNumber = (await shard.AppendAsync(records[i].PartitionKey, records[i].Data, now, cancellationToken).ConfigureAwait(false))!;
            results[i] = new PutRecordResult(shard.Id, sequenceNumber);
        }

        return new PutRecordsResult(results);
    }

    public Task<IReadOnlyList<ShardDescription>> ListShardsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ShardDescription> shards = _shards
            .Select(s => new ShardDescription(s.Id, null, null, (BigInteger)_ranges[s.Index].Start, (BigInteger)_ranges[s.Index].End, s.StartingSequenceNumber, null))
            .ToArray();
        return Task.FromResult(shards);
    }

    public Task<string> GetShardIteratorAsync(string shardId, ShardPosition position, CancellationToken cancellationToken)
    {
        EmbeddedShard shard = Find(shardId);
        long counter = position.Type switch
        {
            ShardIteratorType.TrimHorizon => 0,
            ShardIteratorType.Latest => shard.NextCounter,
            ShardIteratorType.AtSequenceNumber => shard.Parse(Required(position)),
            ShardIteratorType.AfterSequenceNumber => shard.Parse(Required(position)) + 1,
            _ => throw new ArgumentOutOfRangeException(nameof(position)),
        };
        return Task.FromResult(Stamped(IteratorPrefix(shard) + counter.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>A page from the iterator's position; an iterator issued more than <see cref="IteratorLifetime"/> ago throws <see cref="ShardIteratorExpiredException"/>, as on Kinesis.</summary>
    public Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, StreamLimits.MaxRecordsPerGet);
        int stamp = shardIterator.IndexOf(IteratorStampSeparator, StringComparison.Ordinal);
        int separator = shardIterator.LastIndexOf('/');
        if (stamp < 0 || separator < stamp
            || !long.TryParse(shardIterator.AsSpan(0, stamp), NumberStyles.None, CultureInfo.InvariantCulture, out long issuedTicks)
            || !long.TryParse(shardIterator.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long counter))
        {
            throw new ArgumentException($"'{shardIterator}' is not a shard iterator of this stream.", nameof(shardIterator));
        }

        EmbeddedShard shard = Find(shardIterator[(stamp + 1)..separator]);
        TimeSpan age = TimeSpan.FromTicks(_time.GetUtcNow().UtcTicks - issuedTicks);
        if (age > IteratorLifetime)
        {
            throw new ShardIteratorExpiredException(string.Create(CultureInfo.InvariantCulture,
                $"The iterator of shard {shard.Id} was issued {age.TotalMinutes:0.#} minutes ago; iterators expire after {IteratorLifetime.TotalMinutes:0} minutes."));
        }

        GetRecordsResult page = shard.Read(counter, limit, IteratorPrefix(shard));
        return Task.FromResult(page.NextShardIterator is null ? page : page with { NextShardIterator = Stamped(page.NextShardIterator) });
    }

    /// <summary>Releases records a consumer has checkpointed, making room for writers.</summary>
    public void Trim(string shardId, string sequenceNumber) => Find(shardId).TrimThrough(sequenceNumber);

    private static string IteratorPrefix(EmbeddedShard shard) => shard.Id + "/";

    private const char IteratorStampSeparator = '|';

    /// <summary>An iterator carries the time it was issued ("ticks|shardId/counter"), so that it can expire.</summary>
    private string Stamped(string iterator) =>
        _time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture) + IteratorStampSeparator + iterator;

    private static string Required(ShardPosition position) =>
        position.SequenceNumber ?? throw new ArgumentException($"{position.Type} needs a sequence number.", nameof(position));

    private EmbeddedShard Find(string shardId)
    {
        foreach (EmbeddedShard shard in _shards)
        {
            if (shard.Id == shardId)
            {
                return shard;
            }
        }

        throw new ArgumentException($"No shard '{shardId}' in this stream.", nameof(shardId));
    }
}
