using System.Collections.Concurrent;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// Watches the reads of every shard this worker reads (a decorator of the stream consumer, so the readers
/// stay as they are): a shard whose reads come back empty at the tip (MillisBehindLatest 0) for
/// <see cref="LeaseOptions.IdleShardTimeout"/> is marked idle once; its next records mark it active again,
/// before they enter the pipeline. A shard opened by this worker is marked active at its first records,
/// whatever an earlier owner left. Iterators are mapped to their shard as they are handed out.
/// </summary>
public sealed class ShardIdleTracker : IStreamConsumer
{
    private readonly IStreamConsumer _inner;
    private readonly IShardIdleMarks _marks;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, string> _shardOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Quiet> _quiet = new(StringComparer.Ordinal);
    private long _markedIdle;

    public ShardIdleTracker(IStreamConsumer inner, IShardIdleMarks marks, TimeSpan timeout, TimeProvider time)
    {
        _inner = inner;
        _marks = marks;
        _timeout = timeout;
        _time = time;
    }

    /// <summary>Times a shard was marked idle by this worker.</summary>
    public long MarkedIdle => Interlocked.Read(ref _markedIdle);

    public Task<IReadOnlyList<ShardDescription>> ListShardsAsync(CancellationToken cancellationToken) => _inner.ListShardsAsync(cancellationToken);

    public async Task<string> GetShardIteratorAsync(string shardId, ShardPosition position, CancellationToken cancellationToken)
    {
        string iterator = await _inner.GetShardIteratorAsync(shardId, position, cancellationToken).ConfigureAwait(false);
        _shardOf[iterator] = shardId;
        // A reader (re)starting on the shard: whatever an earlier owner marked is cleared at its first records.
        _quiet[shardId] = new Quiet(null, Marked: true);
        return iterator;
    }

    public async Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken)
    {
        GetRecordsResult page = await _inner.GetRecordsAsync(shardIterator, limit, cancellationToken).ConfigureAwait(false);
        if (!_shardOf.TryRemove(shardIterator, out string? shardId))
        {
            return page;
        }

        if (page.NextShardIterator is { } next)
        {
            _shardOf[next] = shardId;
        }

        Quiet quiet = _quiet.GetValueOrDefault(shardId, new Quiet(null, Marked: false));
        if (page.Records.Count > 0)
        {
            if (quiet.Marked)
            {
                await _marks.MarkActiveAsync(shardId, cancellationToken).ConfigureAwait(false);
            }

            _quiet[shardId] = new Quiet(null, Marked: false);
        }
        else if (page.MillisBehindLatest == 0 && page.NextShardIterator is not null)
        {
            long since = quiet.Since ?? _time.GetTimestamp();
            bool idle = _time.GetElapsedTime(since) >= _timeout;
            if (idle && quiet.Since is not null && !quiet.Idle)
            {
                await _marks.MarkIdleAsync(shardId, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _markedIdle);
                _quiet[shardId] = new Quiet(since, Marked: true, Idle: true);
            }
            else if (quiet.Since is null)
            {
                _quiet[shardId] = quiet with { Since = since };
            }
        }
        else
        {
            // Behind the tip: records are coming, the shard is not quiet.
            _quiet[shardId] = quiet with { Since = null };
        }

        return page;
    }

    /// <param name="Since">When the shard's reads started coming back empty at the tip (null: not quiet).</param>
    /// <param name="Marked">An idle mark may stand in the table (this worker's, or an earlier owner's): cleared at the next records.</param>
    /// <param name="Idle">This worker marked the shard idle in this quiet spell.</param>
    private readonly record struct Quiet(long? Since, bool Marked, bool Idle = false);
}
