using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// aws mode's learned state partitioned by shard, the way Kafka Streams runs one task per partition:
/// every lease this worker reads gets its own instance of the stage chain (<see cref="ShardChain"/>),
/// opened from the state saved with that lease before its reader starts, and dropped from memory
/// once the lease is gone and its last batch delivered. Cards hash to shards (partition key = card),
/// so a card's whole history lives in its shard's chain and moves with the lease. A child of a
/// split starts from its parent's final state, a merge child from its parents' (the first parent's,
/// plus the keys of the others where a stage can merge them); the parent's final state is saved
/// before its SHARD_END checkpoint, which is what lets children start.
/// Also the checkpoint store between the pipeline and the lease checkpoints: it sees each delivered
/// batch (to know what a save covers and when a closing chain is drained) and hands a reader the
/// position its restored state includes.
/// </summary>
public sealed partial class ShardTasks : ICheckpointStore, IStateStore, IDisposable
{
    private readonly ConcurrentDictionary<string, ShardChain> _open = new(StringComparer.Ordinal);
    private readonly Func<ShardChain> _newChain;
    private readonly ICheckpointStore _inner;
    private readonly ShardStateStore? _store;
    private readonly Func<string, bool> _holds;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _delivered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Closing> _closing = new(StringComparer.Ordinal);
    // Where a reopened shard's reader starts: after the position its state includes, or (null) at the shard's initial position.
    private readonly Dictionary<string, string?> _resume = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly bool _readsFromStart;
    private long _saves;
    private long _restored;
    private long _fromParents;

    /// <param name="newChain">Builds a fresh chain (from nothing); every chain has the same stages in the same order.</param>
    /// <param name="inner">The lease checkpoints.</param>
    /// <param name="store">Where shard state is saved; null when state is not kept (State:Interval 0) or not restored (State:RestoreOnStart false).</param>
    /// <param name="holds">Whether this worker holds a shard's lease now.</param>
    /// <param name="readsFromStart">Shards start at TRIM_HORIZON (not LATEST): a shard with no saved state can be read again from its start.</param>
    public ShardTasks(Func<ShardChain> newChain, ICheckpointStore inner, ShardStateStore? store, Func<string, bool> holds, TimeProvider time, ILogger logger, bool restore = true, bool readsFromStart = true)
    {
        _newChain = newChain;
        _inner = inner;
        _store = store;
        _holds = holds;
        _time = time;
        _logger = logger;
        Restore = restore;
        _readsFromStart = readsFromStart;
        ShardChain template = newChain();
        Template = template;
    }

    /// <summary>The global models: a shard opened builds on the fleet's newest version (adopted over an older one it restored).</summary>
    public SharedModelSync? SharedModels { get; init; }

    /// <summary>Restores saved state when a lease is opened (StreamGuard:State:RestoreOnStart).</summary>
    public bool Restore { get; }

    /// <summary>A chain never given records: its stage names and order are those of every shard's chain.</summary>
    public ShardChain Template { get; }

    /// <summary>The chains of the shards open now (read or still draining), by shard.</summary>
    public IReadOnlyDictionary<string, ShardChain> OpenChains => _open;

    /// <summary>Shard states saved to the store (barrier saves and final saves at SHARD_END).</summary>
    public long Saves => Interlocked.Read(ref _saves);

    /// <summary>Shards opened from a state saved for them (by this worker or another), not from nothing or from parents.</summary>
    public long RestoredFromSaved => Interlocked.Read(ref _restored);

    /// <summary>Child shards opened from their parents' final state (after a split or a merge).</summary>
    public long RestoredFromParents => Interlocked.Read(ref _fromParents);

    /// <summary>The chain positions as pipeline stages: each routes a batch to its shard's chain.</summary>
    public IReadOnlyList<IPipelineStage> RoutedStages(Func<int, Action?>? beforeBatch = null) =>
        [.. Template.Stages.Select((s, i) => (IPipelineStage)new ShardRoutedStage(this, i, s.Name, beforeBatch?.Invoke(i)))];

    public ShardChain ChainFor(string shardId) =>
        _open.TryGetValue(shardId, out ShardChain? chain)
            ? chain
            : throw new InvalidOperationException($"A batch of shard {shardId} reached the stages while no chain is open for it: a reader must start only after its shard is opened.");

    /// <summary>A shard can be opened (its reader started) once its previous chain, if any, has drained and been dropped.</summary>
    public bool CanOpen(string shardId) => !_open.ContainsKey(shardId);

    /// <summary>
    /// Before the reader of <paramref name="lease"/> starts: a chain restored from the state the lease
    /// points at, or else (a child that never started) from its parents' final states, or else new.
    /// </summary>
    public async Task OpenAsync(Lease lease, CancellationToken cancellationToken)
    {
        string shardId = lease.LeaseKey;
        ShardChain chain = _newChain();
        try
        {
            string from = await RestoreAsync(chain, lease, cancellationToken).ConfigureAwait(false);
            if (SharedModels is not null && chain.Scorer is ISharedModelHolder holder && SharedModels.AdoptIfNewer(holder))
            {
                from += $", then shared model version {holder.SharedVersion}";
            }

            lock (_gate)
            {
                _delivered.Remove(shardId);
                _dirty.Remove(shardId);
                _closing.Remove(shardId);
            }

            if (!_open.TryAdd(shardId, chain))
            {
                throw new InvalidOperationException($"Shard {shardId} is already open.");
            }

            Log.Opened(_logger, shardId, from);
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The reader of <paramref name="shardId"/> stopped (lease lost, reader failed, or SHARD_END when
    /// <paramref name="ended"/>) having written up to <paramref name="lastWritten"/>. The chain is dropped
    /// once that batch is delivered; at SHARD_END its final state is saved first.
    /// </summary>
    public async Task CloseAsync(string shardId, string? lastWritten, bool ended, CancellationToken cancellationToken)
    {
        bool now;
        lock (_gate)
        {
            if (!_open.ContainsKey(shardId))
            {
                return;
            }

            now = lastWritten is null || (_delivered.TryGetValue(shardId, out string? delivered) && SequenceNumbers.Compare(delivered, lastWritten) >= 0);
            if (!now)
            {
                _closing[shardId] = new Closing(lastWritten!, ended);
            }
        }

        if (now)
        {
            await DropAsync(shardId, ended, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_resume.Remove(shardId, out string? position))
            {
                return Task.FromResult(position);
            }
        }

        return _inner.GetCheckpointAsync(shardId, cancellationToken);
    }

    /// <summary>A batch reached every sink: noted for the next save, and a closing chain drained by it is dropped (its final state saved) before the checkpoint that may write SHARD_END.</summary>
    public async Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken)
    {
        Closing? due = null;
        lock (_gate)
        {
            _delivered[shardId] = sequenceNumber;
            _dirty.Add(shardId);
            if (_closing.TryGetValue(shardId, out Closing? closing) && SequenceNumbers.Compare(sequenceNumber, closing.LastWritten) >= 0)
            {
                _closing.Remove(shardId);
                due = closing;
            }
        }

        if (due is not null)
        {
            await DropAsync(shardId, due.Ended, cancellationToken).ConfigureAwait(false);
        }

        await _inner.SaveCheckpointAsync(shardId, sequenceNumber, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (ShardChain chain in _open.Values)
        {
            chain.Dispose();
        }

        _open.Clear();
        Template.Dispose();
    }

    private async Task DropAsync(string shardId, bool ended, CancellationToken cancellationToken)
    {
        if (!_open.TryGetValue(shardId, out ShardChain? chain))
        {
            return;
        }

        if (ended && _store is not null)
        {
            // Every batch of the shard is delivered and none will follow: its stages are idle, so they are captured here directly.
            string? position;
            lock (_gate)
            {
                _delivered.TryGetValue(shardId, out position);
            }

            await SaveShardAsync(shardId, position, StateCheckpointer.CaptureAll(chain.Stages), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        _open.TryRemove(shardId, out _);
        lock (_gate)
        {
            _delivered.Remove(shardId);
            _dirty.Remove(shardId);
        }

        chain.Dispose();
        Log.Dropped(_logger, shardId, ended);
    }

    private sealed record Closing(string LastWritten, bool Ended);
}
