using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// Feeds the pipeline from the shards this worker holds leases on (aws mode's counterpart of
/// <see cref="AllShardsFeed"/>): a reader starts when a lease is taken and its parents are finished,
/// stops when the lease is lost, and a reader that reaches SHARD_END hands the shard over to
/// its children through the SHARD_END checkpoint. Runs until cancelled.
/// </summary>
public sealed partial class LeaseFeed
{
    private static readonly TimeSpan s_restartDelay = TimeSpan.FromSeconds(1);
    private readonly LeaseCoordinator _coordinator;
    private readonly LeaseCheckpointStore _checkpoints;
    private readonly ShardReader _reader;
    private readonly TimeSpan _reconcileInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, RunningReader> _running = new(StringComparer.Ordinal);
    private readonly ShardTasks? _tasks;

    // Shards whose reader reached SHARD_END while the SHARD_END checkpoint waits for their last batch.
    private readonly HashSet<string> _ended = new(StringComparer.Ordinal);

    // Shards whose reader failed, with when it may be restarted, so a persistent failure is not retried in a tight loop.
    private readonly Dictionary<string, long> _failedAt = new(StringComparer.Ordinal);

    /// <param name="resume">Where a shard reader starts (e.g. the positions saved with restored state); the lease checkpoints when null.</param>
    /// <param name="tasks">The per-shard stage chains: a shard is opened (its state restored) before its reader starts and closed after it stops.</param>
    public LeaseFeed(LeaseCoordinator coordinator, LeaseCheckpointStore checkpoints, IStreamConsumer consumer, PipelineOptions pipeline, LeaseOptions leases, TimeProvider time, ILogger logger, ICheckpointStore? resume = null, ShardTasks? tasks = null)
    {
        _tasks = tasks;
        _coordinator = coordinator;
        _checkpoints = checkpoints;
        _reader = new ShardReader(consumer, resume ?? checkpoints, pipeline, time, logger);
        _reconcileInterval = TimeSpan.FromTicks(Math.Min(leases.RenewInterval.Ticks, TimeSpan.FromMilliseconds(200).Ticks));
        _time = time;
        _logger = logger;
    }

    /// <summary>Shards with a reader running now.</summary>
    public IReadOnlyCollection<string> ReadingShardIds
    {
        get
        {
            lock (_running)
            {
                return _running.Keys.ToArray();
            }
        }
    }

    public async Task RunAsync(ChannelWriter<RecordBatch> output, CancellationToken cancellationToken)
    {
        Task coordination = _coordinator.RunAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (coordination.IsCompleted)
                {
                    await coordination.ConfigureAwait(false);
                }

                await ReconcileAsync(output, cancellationToken).ConfigureAwait(false);
                await Task.Delay(_reconcileInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            RunningReader[] readers;
            lock (_running)
            {
                readers = _running.Values.ToArray();
            }

            foreach (RunningReader reader in readers)
            {
                await reader.Stop.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(readers.Select(r => r.Task).Append(coordination).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task ReconcileAsync(ChannelWriter<RecordBatch> output, CancellationToken cancellationToken)
    {
        IReadOnlyList<Lease> snapshot = _coordinator.Snapshot;
        var held = _coordinator.HeldShardIds.ToHashSet(StringComparer.Ordinal);
        List<KeyValuePair<string, RunningReader>> running;
        lock (_running)
        {
            running = _running.ToList();
        }

        foreach ((string shardId, RunningReader reader) in running)
        {
            if (reader.Task.IsCompleted)
            {
                lock (_running)
                {
                    _running.Remove(shardId);
                }

                await FinishAsync(shardId, reader, cancellationToken).ConfigureAwait(false);
            }
            else if (!held.Contains(shardId))
            {
                Log.ReaderStopped(_logger, _coordinator.WorkerId, shardId);
                await reader.Stop.CancelAsync().ConfigureAwait(false);
            }
        }

        _ended.IntersectWith(held);
        foreach (string shardId in held)
        {
            bool isRunning;
            lock (_running)
            {
                isRunning = _running.ContainsKey(shardId);
            }

            Lease? lease = snapshot.FirstOrDefault(l => l.LeaseKey == shardId);
            if (_failedAt.TryGetValue(shardId, out long failedAt) && _time.GetElapsedTime(failedAt) < s_restartDelay)
            {
                continue;
            }

            if (isRunning || _ended.Contains(shardId) || lease is null || lease.IsFinished || !LeaseBalancer.ParentsFinished(lease, snapshot))
            {
                continue;
            }

            if (_tasks is not null && !await TryOpenAsync(lease, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var writer = new TrackingChannelWriter(output);
            Task<bool> task = Task.Run(() => _reader.RunAsync(shardId, writer, static () => false, stop.Token), stop.Token);
            lock (_running)
            {
                _running[shardId] = new RunningReader(task, stop, writer);
            }
        }
    }

    /// <summary>Opens the shard's chain from its saved state; false (retried a moment later) while its previous chain drains or when the state cannot be read now.</summary>
    private async Task<bool> TryOpenAsync(Lease lease, CancellationToken cancellationToken)
    {
        if (!_tasks!.CanOpen(lease.LeaseKey))
        {
            return false;
        }

        try
        {
            await _tasks.OpenAsync(lease, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidOperationException)
        {
            // S3 or DynamoDB unreachable: the reader must not start without the shard's state, so it is tried again shortly.
            _failedAt[lease.LeaseKey] = _time.GetTimestamp();
            Log.OpenFailed(_logger, _coordinator.WorkerId, lease.LeaseKey, e);
            return false;
        }
    }

    private async Task FinishAsync(string shardId, RunningReader reader, CancellationToken cancellationToken)
    {
        reader.Stop.Dispose();
        bool ended = reader.Task.IsCompletedSuccessfully && reader.Task.Result;
        if (_tasks is not null)
        {
            // At SHARD_END the shard's final state is saved before SHARD_END is checkpointed, so its children start from it.
            await _tasks.CloseAsync(shardId, reader.Writer.LastWritten, ended, cancellationToken).ConfigureAwait(false);
        }

        if (ended)
        {
            _ended.Add(shardId);
            await _checkpoints.MarkShardEndAsync(shardId, reader.Writer.LastWritten, cancellationToken).ConfigureAwait(false);
            _coordinator.RequestShardSync();
        }
        else if (reader.Task.IsFaulted)
        {
            // Restarted from the last checkpoint a moment later while the lease is held; the sinks absorb the overlap.
            _failedAt[shardId] = _time.GetTimestamp();
            Log.ReaderFailed(_logger, _coordinator.WorkerId, shardId, reader.Task.Exception!.GetBaseException());
        }
    }

    private sealed record RunningReader(Task<bool> Task, CancellationTokenSource Stop, TrackingChannelWriter Writer);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Worker {WorkerId} stops reading {ShardId}: the lease moved")]
        public static partial void ReaderStopped(ILogger logger, string workerId, string shardId);

        [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Worker {WorkerId}: the reader of {ShardId} failed; it restarts from the last checkpoint")]
        public static partial void ReaderFailed(ILogger logger, string workerId, string shardId, Exception exception);

        [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Worker {WorkerId}: the saved state of {ShardId} could not be read; its reader starts once it can")]
        public static partial void OpenFailed(ILogger logger, string workerId, string shardId, Exception exception);
    }
}
