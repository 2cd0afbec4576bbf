using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// One worker's side of the KCL lease protocol. Each pass renews the leases it holds, creates
/// leases for new shards, then scans the table and takes expired leases or steals toward a fair
/// share. A lease counts as expired when its counter has not moved for the lease duration on this
/// worker's own clock, so workers need no synchronised clocks.
/// </summary>
public sealed partial class LeaseCoordinator
{
    private readonly LeaseTable _table;
    private readonly IStreamConsumer _stream;
    private readonly LeaseOptions _options;
    private readonly string _initialCheckpoint;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, HeldLease> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Counter, long SeenAt)> _observed = new(StringComparer.Ordinal);
    private long _lastShardSync = long.MinValue;
    private volatile bool _syncRequested = true;
    private volatile IReadOnlyList<Lease> _snapshot = [];
    private long _leasesTaken;
    private long _leasesLost;

    public LeaseCoordinator(LeaseTable table, IStreamConsumer stream, LeaseOptions options, string initialCheckpoint, TimeProvider time, ILogger logger)
    {
        _table = table;
        _stream = stream;
        _options = options;
        _initialCheckpoint = initialCheckpoint;
        _time = time;
        _logger = logger;
    }

    public string WorkerId => _options.WorkerId;

    public LeaseTable Table => _table;

    /// <summary>The shards this worker holds a live lease on.</summary>
    public IReadOnlyCollection<string> HeldShardIds => _held.Keys.ToArray();

    /// <summary>The lease table as of the last scan.</summary>
    public IReadOnlyList<Lease> Snapshot => _snapshot;

    /// <summary>Counts of leases taken (including steals) and lost, for reports and tests.</summary>
    public long LeasesTaken => Interlocked.Read(ref _leasesTaken);

    public long LeasesLost => Interlocked.Read(ref _leasesLost);

    public bool Holds(string shardId) => _held.ContainsKey(shardId);

    /// <summary>Called when a checkpoint found the lease owned by someone else.</summary>
    public void MarkLost(string shardId)
    {
        if (_held.TryRemove(shardId, out _))
        {
            Interlocked.Increment(ref _leasesLost);
            Log.LeaseLost(_logger, WorkerId, shardId);
        }
    }

    /// <summary>Called once SHARD_END is checkpointed: the lease needs no renewing any more, and children may start.</summary>
    public void MarkFinished(string shardId)
    {
        _held.TryRemove(shardId, out _);
        _syncRequested = true;
    }

    public void RequestShardSync() => _syncRequested = true;

    /// <summary>Runs passes every renew interval until cancelled; a failing pass is logged and retried on the next one.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunPassAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.PassFailed(_logger, WorkerId, e);
            }

            await Task.Delay(_options.RenewInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass: renew, sync shards when due, scan, take.</summary>
    public async Task RunPassAsync(CancellationToken cancellationToken)
    {
        await RenewAsync(cancellationToken).ConfigureAwait(false);
        if (_syncRequested || _time.GetElapsedTime(_lastShardSync) >= _options.ShardSyncInterval || _lastShardSync == long.MinValue)
        {
            await SyncShardsAsync(cancellationToken).ConfigureAwait(false);
        }

        await TakeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives every held lease back so other workers can take them without waiting for expiry.</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        foreach (HeldLease held in _held.Values)
        {
            await _table.ReleaseAsync(held.Lease, WorkerId, cancellationToken).ConfigureAwait(false);
            _held.TryRemove(held.Lease.LeaseKey, out _);
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(_held.Values.ToArray(), cancellationToken, async (held, ct) =>
        {
            try
            {
                Lease? renewed = await _table.RenewAsync(held.Lease, WorkerId, ct).ConfigureAwait(false);
                if (renewed is null)
                {
                    MarkLost(held.Lease.LeaseKey);
                }
                else
                {
                    // TryUpdate: the lease may have been finished or lost meanwhile, and must stay gone then.
                    _held.TryUpdate(held.Lease.LeaseKey, new HeldLease(renewed, _time.GetTimestamp()), held);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Could not reach the table: after a whole lease duration without renewal others may have taken it.
                Log.RenewFailed(_logger, WorkerId, held.Lease.LeaseKey, e);
                if (_time.GetElapsedTime(held.RenewedAt) >= _options.LeaseDuration)
                {
                    MarkLost(held.Lease.LeaseKey);
                }
            }
        }).ConfigureAwait(false);
    }

    private async Task SyncShardsAsync(CancellationToken cancellationToken)
    {
        _syncRequested = false;
        IReadOnlyList<ShardDescription> shards = await _stream.ListShardsAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Lease> existing = await _table.ListAsync(cancellationToken).ConfigureAwait(false);
        var known = existing.Select(l => l.LeaseKey).ToHashSet(StringComparer.Ordinal);
        foreach (ShardDescription shard in shards.Where(s => !known.Contains(s.ShardId)))
        {
            string[] parents = new[] { shard.ParentShardId, shard.AdjacentParentShardId }.OfType<string>().ToArray();
            if (await _table.CreateIfAbsentAsync(shard.ShardId, parents, _initialCheckpoint, cancellationToken).ConfigureAwait(false))
            {
                Log.LeaseCreated(_logger, WorkerId, shard.ShardId);
            }
        }

        _lastShardSync = _time.GetTimestamp();
    }

    private async Task TakeAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Lease> leases = await _table.ListAsync(cancellationToken).ConfigureAwait(false);
        long now = _time.GetTimestamp();
        foreach (Lease lease in leases)
        {
            if (!_observed.TryGetValue(lease.LeaseKey, out (long Counter, long SeenAt) seen) || seen.Counter != lease.Counter)
            {
                _observed[lease.LeaseKey] = (lease.Counter, now);
            }
        }

        _snapshot = leases;
        var held = _held.Keys.ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<Lease> chosen = LeaseBalancer.ChooseLeasesToTake(leases, WorkerId, held, IsAvailable, _options.MaxLeasesToStealAtOnce);
        foreach (Lease lease in chosen)
        {
            Lease? taken = await _table.TakeAsync(lease, WorkerId, cancellationToken).ConfigureAwait(false);
            if (taken is null)
            {
                continue;
            }

            _held[taken.LeaseKey] = new HeldLease(taken, _time.GetTimestamp());
            _observed[taken.LeaseKey] = (taken.Counter, _time.GetTimestamp());
            Interlocked.Increment(ref _leasesTaken);
            Log.LeaseTaken(_logger, WorkerId, taken.LeaseKey, lease.Owner ?? "nobody");
        }

        bool IsAvailable(Lease lease) =>
            lease.Owner is null
            || (lease.Owner == WorkerId && !held.Contains(lease.LeaseKey))
            || _time.GetElapsedTime(_observed[lease.LeaseKey].SeenAt) >= _options.LeaseDuration;
    }

    private readonly record struct HeldLease(Lease Lease, long RenewedAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Worker {WorkerId} took the lease of {ShardId} from {PreviousOwner}")]
        public static partial void LeaseTaken(ILogger logger, string workerId, string shardId, string previousOwner);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Worker {WorkerId} lost the lease of {ShardId}")]
        public static partial void LeaseLost(ILogger logger, string workerId, string shardId);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Worker {WorkerId} created the lease of new shard {ShardId}")]
        public static partial void LeaseCreated(ILogger logger, string workerId, string shardId);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Worker {WorkerId} could not renew the lease of {ShardId}")]
        public static partial void RenewFailed(ILogger logger, string workerId, string shardId, Exception exception);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Worker {WorkerId}: a lease pass failed; retrying on the next one")]
        public static partial void PassFailed(ILogger logger, string workerId, Exception exception);
    }
}
