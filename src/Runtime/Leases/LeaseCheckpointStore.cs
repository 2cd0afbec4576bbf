using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// Checkpoints in the lease table, each conditional on this worker still owning the lease. A
/// checkpoint refused because the lease moved is not an error: the new owner re-reads from the last
/// checkpoint and the idempotent sinks absorb the overlap. SHARD_END is written only once the
/// shard's last batch has been checkpointed, so children never start ahead of their parent's records.
/// </summary>
public sealed partial class LeaseCheckpointStore : ICheckpointStore, IDisposable
{
    private readonly LeaseCoordinator _coordinator;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _saved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _endAfter = new(StringComparer.Ordinal);

    public LeaseCheckpointStore(LeaseCoordinator coordinator, ILogger logger)
    {
        _coordinator = coordinator;
        _logger = logger;
    }

    public long RefusedCheckpoints { get; private set; }

    public async Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken)
    {
        Lease? lease = await _coordinator.Table.GetAsync(shardId, cancellationToken).ConfigureAwait(false);
        return lease is null ? null : LeaseCheckpoints.ResumeAfter(lease.Checkpoint);
    }

    public async Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool end = _endAfter.TryGetValue(shardId, out string? last) && SequenceNumbers.Compare(sequenceNumber, last) >= 0;
            if (await WriteAsync(shardId, end ? LeaseCheckpoints.ShardEnd : sequenceNumber, cancellationToken).ConfigureAwait(false))
            {
                _saved[shardId] = sequenceNumber;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The reader reached SHARD_END having handed the pipeline records up to <paramref name="lastWritten"/>
    /// (null: none this session). SHARD_END is written now if they are all checkpointed, else with the last one.
    /// </summary>
    public async Task MarkShardEndAsync(string shardId, string? lastWritten, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (lastWritten is null || (_saved.TryGetValue(shardId, out string? saved) && SequenceNumbers.Compare(saved, lastWritten) >= 0))
            {
                await WriteAsync(shardId, LeaseCheckpoints.ShardEnd, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _endAfter[shardId] = lastWritten;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> WriteAsync(string shardId, string checkpoint, CancellationToken cancellationToken)
    {
        if (!await _coordinator.Table.CheckpointAsync(shardId, _coordinator.WorkerId, checkpoint, cancellationToken).ConfigureAwait(false))
        {
            RefusedCheckpoints++;
            _endAfter.Remove(shardId);
            Log.CheckpointRefused(_logger, _coordinator.WorkerId, shardId);
            _coordinator.MarkLost(shardId);
            return false;
        }

        if (checkpoint == LeaseCheckpoints.ShardEnd)
        {
            _endAfter.Remove(shardId);
            Log.ShardFinished(_logger, _coordinator.WorkerId, shardId);
            _coordinator.MarkFinished(shardId);
        }

        return true;
    }

    public void Dispose() => _gate.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Worker {WorkerId} no longer owns {ShardId}: checkpoint skipped, the new owner resumes from the last one")]
        public static partial void CheckpointRefused(ILogger logger, string workerId, string shardId);

        [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Worker {WorkerId} checkpointed SHARD_END for {ShardId}")]
        public static partial void ShardFinished(ILogger logger, string workerId, string shardId);
    }
}
