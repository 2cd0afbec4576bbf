using Microsoft.Extensions.Logging;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Leases;

public sealed partial class ShardTasks
{
    /// <summary>Nothing is restored for the worker as a whole: each shard is restored when its lease is opened.</summary>
    public Task<StateCheckpoint?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<StateCheckpoint?>(null);

    /// <summary>
    /// A barrier's state, captured from every open chain and tagged by shard: each shard this worker
    /// still holds, that received records since its last save and whose every stage was captured at
    /// this barrier, is saved on its own with its own position.
    /// </summary>
    public async Task SaveAsync(StateCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        int parts = StateCheckpointer.StatefulParts(Template.Stages).Count();
        foreach (IGrouping<string, StageState> shard in checkpoint.Stages.Where(s => s.Shard is not null).GroupBy(s => s.Shard!, StringComparer.Ordinal))
        {
            // A chain opened or dropped while the barrier travelled was captured by some stages only: it is saved at the next barrier.
            if (shard.Count() != parts || !checkpoint.Positions.TryGetValue(shard.Key, out string? position) || !_holds(shard.Key))
            {
                continue;
            }

            lock (_gate)
            {
                if (_closing.ContainsKey(shard.Key) || !_dirty.Remove(shard.Key))
                {
                    continue;
                }
            }

            await SaveShardAsync(shard.Key, position, [.. shard.Select(s => s with { Shard = null })], checkpoint.TakenAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SaveShardAsync(string shardId, string? position, IReadOnlyList<StageState> states, DateTimeOffset takenAt, CancellationToken cancellationToken)
    {
        Dictionary<string, string> positions = position is null ? [] : new() { [shardId] = position };
        var checkpoint = new StateCheckpoint(positions, states, takenAt);
        if (await _store!.SaveAsync(shardId, checkpoint, cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _saves);
            Log.Saved(_logger, shardId, checkpoint.Bytes, position ?? "(none)");
        }
        else
        {
            Log.SaveRefused(_logger, shardId);
        }
    }

    /// <returns>Where the chain's state came from, for the log.</returns>
    private async Task<string> RestoreAsync(ShardChain chain, Lease lease, CancellationToken cancellationToken)
    {
        if (_store is null || !Restore)
        {
            return "nothing (state not kept)";
        }

        // The lease as it stands now (the scan that chose it may predate the previous owner's last save).
        lease = await _store.Table.GetAsync(lease.LeaseKey, cancellationToken).ConfigureAwait(false) ?? lease;
        StateCheckpoint? own = await _store.LoadAsync(lease, cancellationToken).ConfigureAwait(false);
        if (own is not null)
        {
            Apply(chain, lease.LeaseKey, own, merge: false);
            if (own.Positions.TryGetValue(lease.LeaseKey, out string? position))
            {
                lock (_gate)
                {
                    _resume[lease.LeaseKey] = position;
                }
            }

            Interlocked.Increment(ref _restored);
            return "its own saved state";
        }

        bool readSome = lease.Checkpoint is not (LeaseCheckpoints.TrimHorizon or LeaseCheckpoints.Latest);
        if (readSome)
        {
            // Records were read and learned (the lease moved before its first save, or state was kept per worker before):
            // with no state covering them the chain would score the rest without their history, so the shard is read
            // again from its start and learned once (the sinks absorb the repeat). From LATEST there is no start to go back to.
            if (!_readsFromStart)
            {
                return "nothing (resuming at the lease checkpoint without the history before it)";
            }

            lock (_gate)
            {
                _resume[lease.LeaseKey] = null;
            }

            return "nothing: read again from the start of the shard, as no saved state covers what was read";
        }

        // Only a child that has read nothing yet starts from its parents.
        if (lease.ParentShardIds.Count == 0)
        {
            return "nothing";
        }

        int restored = 0;
        foreach (string parentId in lease.ParentShardIds.Order(StringComparer.Ordinal))
        {
            Lease? parent = await _store.Table.GetAsync(parentId, cancellationToken).ConfigureAwait(false);
            StateCheckpoint? state = parent is null ? null : await _store.LoadAsync(parent, cancellationToken).ConfigureAwait(false);
            if (state is not null)
            {
                Apply(chain, lease.LeaseKey, state, merge: restored > 0);
                restored++;
            }
        }

        if (restored == 0)
        {
            return "nothing (its parents saved no state)";
        }

        Interlocked.Increment(ref _fromParents);
        return $"the final state of {restored} parent shard(s)";
    }

    private void Apply(ShardChain chain, string shardId, StateCheckpoint saved, bool merge)
    {
        var byName = saved.Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (IStatefulStage stage in StateCheckpointer.StatefulParts(chain.Stages))
        {
            if (!byName.TryGetValue(stage.StateName, out StageState? state))
            {
                Log.StageStateMissing(_logger, shardId, stage.StateName);
                continue;
            }

            try
            {
                if (!merge)
                {
                    stage.RestoreState(state.Data, streamContinues: true);
                }
                else if (stage is IMergeableState mergeable)
                {
                    mergeable.MergeState(state.Data);
                }
                else
                {
                    Log.NotMerged(_logger, shardId, stage.StateName);
                }
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or EndOfStreamException)
            {
                throw new InvalidOperationException(
                    $"The saved state of stage '{stage.StateName}' for shard {shardId} (from {saved.TakenAt:u}) cannot be restored: {e.Message} " +
                    "Restore the settings it was saved with, or start from nothing with StreamGuard:State:RestoreOnStart=false.", e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Opened shard {ShardId} from {From}")]
        public static partial void Opened(ILogger logger, string shardId, string from);

        [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "Dropped shard {ShardId} from memory (SHARD_END: {Ended})")]
        public static partial void Dropped(ILogger logger, string shardId, bool ended);

        [LoggerMessage(EventId = 3032, Level = LogLevel.Debug, Message = "Saved the state of shard {ShardId} ({Bytes} bytes) at {Position}")]
        public static partial void Saved(ILogger logger, string shardId, long bytes, string position);

        [LoggerMessage(EventId = 3033, Level = LogLevel.Information, Message = "The state of shard {ShardId} was written but the lease is no longer this worker's: the lease keeps pointing at the owner's state")]
        public static partial void SaveRefused(ILogger logger, string shardId);

        [LoggerMessage(EventId = 3034, Level = LogLevel.Warning, Message = "The saved state of shard {ShardId} has nothing for stage {Stage}: it starts from nothing")]
        public static partial void StageStateMissing(ILogger logger, string shardId, string stage);

        [LoggerMessage(EventId = 3035, Level = LogLevel.Warning, Message = "Merge child {ShardId}: stage {Stage} cannot merge a second parent's state; it keeps the first parent's")]
        public static partial void NotMerged(ILogger logger, string shardId, string stage);
    }
}
