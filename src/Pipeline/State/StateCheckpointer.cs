using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;

namespace StreamGuard.Pipeline.State;

/// <summary>
/// Saves the stateful stages' state together with the stream positions it includes, and resumes
/// reading from those positions on restart. A barrier rides on a batch: the head stage marks it,
/// every stateful stage appends its state after processing it, and once the sinks have accepted it
/// the state is saved with each shard's last delivered sequence number. Stages and channels keep
/// batch order, so that state covers exactly the batches delivered so far, and resuming after
/// those positions means no record is learned twice (sinks are idempotent for the records between
/// the positions and the per-batch checkpoints). Wraps the checkpoint store the shard readers use.
/// </summary>
public sealed partial class StateCheckpointer : ICheckpointStore
{
    /// <summary>Meter of the state saves: how many, and how large.</summary>
    public const string MeterName = StateMetrics.MeterName;
    private readonly ICheckpointStore _inner;
    private readonly IStateStore _store;
    private readonly StateCheckpointOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _streamContinues;
    private readonly Dictionary<string, string> _resume = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _restoredPositions = new(StringComparer.Ordinal);
    private bool _restoreDone;
    private long _lastBarrier;
    private long _lastSaveTicks;
    private bool _behind;
    private double _latencyAverageMs;
    private long _recordsSinceBarrier;
    private int _idleBarrierPending;
    private long _recordBatches;
    private int _barriersOpen;

    /// <summary>One barrier being saved and one travelling through the stages: a run whose saves take longer than the interval saves back to back, no more often.</summary>
    public const int MaxOpenBarriers = 2;

    /// <param name="streamContinues">False when the stream is new while the store may hold an earlier one's state (embedded mode).</param>
    public StateCheckpointer(ICheckpointStore inner, IStateStore store, StateCheckpointOptions options, TimeProvider time, ILogger logger, bool streamContinues = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _streamContinues = streamContinues;
        _lastBarrier = time.GetTimestamp();
    }

    public bool Enabled => _options.Interval > TimeSpan.Zero;

    /// <summary>Where saves are counted; the host sets its own (built from its IMeterFactory).</summary>
    public StateMetrics Metrics { get; init; } = StateMetrics.Shared;

    public long Saves { get; private set; }

    public long LastSaveBytes { get; private set; }

    /// <summary>Items the incremental stages wrote or removed in the last save (0 when every stage is saved whole).</summary>
    public long LastSaveChangedItems { get; private set; }

    /// <summary>Saves that wrote an incremental stage's every item (the first one of a process, or after a merge or re-key).</summary>
    public long FullItemSaves { get; private set; }

    /// <summary>Bytes of every save so far (the stages' state, before compression): what the saves cost in writing.</summary>
    public long TotalSaveBytes { get; private set; }

    /// <summary>Seconds spent saving (compressing, sealing and writing; beside the delivery of batches, which waits only for the store's lock).</summary>
    public double SaveSeconds { get; private set; }

    /// <summary>The stream positions the restored state includes (empty when nothing was restored or the stream is new).</summary>
    public IReadOnlyDictionary<string, string> RestoredPositions => _restoredPositions;

    /// <summary>
    /// The positions the latest save (this process's, or the restored one) covers, or null when neither is
    /// known: a later save of state that changed without reading records (the releases at the end of an
    /// input) keeps them.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LastSavedPositions { get; private set; }

    /// <summary>When the state restored at start was saved; null when the run started from nothing.</summary>
    public DateTimeOffset? RestoredFrom { get; private set; }

    /// <summary>The stateful parts of a stage chain (composite stages are opened).</summary>
    public static IEnumerable<IStatefulStage> StatefulParts(IEnumerable<IPipelineStage> stages)
    {
        foreach (IPipelineStage stage in stages)
        {
            IEnumerable<IPipelineStage> parts = stage is CompositeStage composite ? composite.Stages : [stage];
            foreach (IPipelineStage part in parts)
            {
                if (part is IStatefulStage { HasState: true } stateful)
                {
                    yield return stateful;
                }
            }
        }
    }

    /// <summary>The stages start from nothing and that was just saved as the first state: there is nothing to restore.</summary>
    public void StartFresh() => _restoreDone = true;

    /// <summary>Restores every stateful stage from the saved checkpoint, if there is one; call before reading starts.</summary>
    public async Task RestoreAsync(IReadOnlyList<IPipelineStage> stages, CancellationToken cancellationToken)
    {
        // A store that keeps items gets only the changed ones from the stages that can give them.
        foreach (IStatefulStage stage in StatefulParts(stages))
        {
            if (stage is IIncrementalState incremental)
            {
                incremental.Incremental = _store is IItemStateStore && incremental.SupportsItems;
            }
        }

        // Embedded mode restores before its source starts writing (to know where to resume); the pipeline then finds it done.
        if (!Enabled || !_options.RestoreOnStart || _restoreDone)
        {
            return;
        }

        _restoreDone = true;

        StateCheckpoint? saved = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (saved is null)
        {
            return;
        }

        var byName = saved.Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (IStatefulStage stage in StatefulParts(stages))
        {
            if (!byName.TryGetValue(stage.StateName, out StageState? state))
            {
                Log.StageStateMissing(_logger, stage.StateName);
                continue;
            }

            try
            {
                if (state.LoadItems is { } items)
                {
                    if (stage is not IIncrementalState { SupportsItems: true } incremental)
                    {
                        throw new InvalidDataException("it was saved as items, which this stage does not read");
                    }

                    incremental.RestoreItems(state.Data, items(), _streamContinues);
                }
                else
                {
                    // A whole state (any stage, or an incremental one saved by an earlier version): its next capture writes every item.
                    stage.RestoreState(state.Data, _streamContinues);
                }
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or EndOfStreamException)
            {
                throw new InvalidOperationException(
                    $"The saved state of stage '{stage.StateName}' (from {saved.TakenAt:u}) cannot be restored: {e.Message} " +
                    "Restore the settings it was saved with, or start from nothing with StreamGuard:State:RestoreOnStart=false.", e);
            }
        }

        if (_streamContinues)
        {
            lock (_resume)
            {
                foreach ((string shard, string position) in saved.Positions)
                {
                    _resume[shard] = position;
                    _restoredPositions[shard] = position;
                }

                LastSavedPositions = new Dictionary<string, string>(saved.Positions, StringComparer.Ordinal);
            }
        }

        RestoredFrom = saved.TakenAt;
        Log.Restored(_logger, saved.TakenAt, saved.Stages.Count, saved.Bytes, _streamContinues ? saved.Positions.Count : 0);
    }

    /// <summary>
    /// Marks <paramref name="batch"/> as a barrier when a save is due and fewer than
    /// <see cref="MaxOpenBarriers"/> barriers are still on their way or being saved
    /// (<see cref="BarrierDone"/>): saves run beside delivery, so barriers must not come faster than
    /// they are saved (each one costs the stages a capture). Called by the first stage's task only.
    /// </summary>
    public void MarkIfDue(RecordBatch batch)
    {
        if (!Enabled)
        {
            return;
        }

        if (batch.IsStateBarrierOnly)
        {
            Volatile.Write(ref _idleBarrierPending, 0);
        }

        long records = Interlocked.Add(ref _recordsSinceBarrier, batch.Items.Count);
        if (batch.Items.Count > 0)
        {
            Interlocked.Increment(ref _recordBatches);
        }

        TimeSpan interval = TimeDue;
        if (Volatile.Read(ref _behind) && _options.BacklogInterval > interval)
        {
            interval = _options.BacklogInterval;
        }

        bool due = records >= _options.MaxRecords || _time.GetElapsedTime(Volatile.Read(ref _lastBarrier)) >= interval;
        if (batch.IsStateBarrierOnly || (due && Volatile.Read(ref _barriersOpen) < MaxOpenBarriers))
        {
            batch.State = [];
            Interlocked.Increment(ref _barriersOpen);
            Interlocked.Exchange(ref _recordsSinceBarrier, 0);
            Volatile.Write(ref _lastBarrier, _time.GetTimestamp());
        }
    }

    /// <summary>
    /// The pipeline is behind its stream while its batches' latency, averaged over about the last 16
    /// delivered, is above this (<see cref="StateCheckpointOptions.BacklogInterval"/>): the latency goal's
    /// slow-record mark. The average, not the last batch, so that the few quick batches of a run at full
    /// speed, or the few slow ones after a save's pause at a steady rate, do not flip it.
    /// </summary>
    public static readonly TimeSpan BehindAfter = TimeSpan.FromMilliseconds(250);

    /// <summary>The delivery of a batch whose oldest record waited <paramref name="latency"/> from the stream to every sink (delivery's task only).</summary>
    public void Delivered(TimeSpan latency)
    {
        _latencyAverageMs += (latency.TotalMilliseconds - _latencyAverageMs) / 16;
        Volatile.Write(ref _behind, _latencyAverageMs > BehindAfter.TotalMilliseconds);
    }

    /// <summary>
    /// How long after a barrier the next one is due by time, while the pipeline keeps up: <see cref="StateCheckpointOptions.Interval"/>, or
    /// longer when the last save (the store's write and the stages' captures) took more than
    /// <see cref="StateCheckpointOptions.MaxSaveShare"/> of that.
    /// </summary>
    public TimeSpan TimeDue
    {
        get
        {
            var paced = TimeSpan.FromTicks((long)(Volatile.Read(ref _lastSaveTicks) / _options.MaxSaveShare));
            return paced > _options.Interval ? paced : _options.Interval;
        }
    }

    /// <summary>A barrier <see cref="MarkIfDue"/> marked has been saved (or had nothing to save): the next one may come.</summary>
    public void BarrierDone() => Interlocked.Decrement(ref _barriersOpen);

    /// <summary>
    /// Until cancelled: when records went through since the last barrier but none has come for an
    /// interval (the stream went quiet), sends a barrier-only batch into <paramref name="head"/> so the
    /// saved state does not stay behind what was delivered. While records flow, <see cref="MarkIfDue"/>
    /// alone decides (an earlier version sent these whenever an interval passed without a barrier, so a
    /// backlog saved every interval whatever <see cref="StateCheckpointOptions.BacklogInterval"/> said).
    /// </summary>
    public async Task SendIdleBarriersAsync(ChannelWriter<RecordBatch> head, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            long seen = -1;
            while (true)
            {
                await Task.Delay(_options.Interval, _time, cancellationToken).ConfigureAwait(false);
                long batches = Interlocked.Read(ref _recordBatches);
                bool quiet = batches == seen && Interlocked.Read(ref _recordsSinceBarrier) > 0;
                seen = batches;
                if (quiet && Interlocked.CompareExchange(ref _idleBarrierPending, 1, 0) == 0)
                {
                    await head.WriteAsync(RecordBatch.StateBarrier(), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The feed finished or the pipeline stopped.
        }
        catch (ChannelClosedException)
        {
            // The head channel was closed (the pipeline is ending): no barrier is needed any more.
        }
    }

    /// <summary>After <paramref name="stage"/> processed a barrier batch: append the stage's state to it.</summary>
    public static void Capture(IPipelineStage stage, RecordBatch batch)
    {
        if (batch.State is not { } states)
        {
            return;
        }

        states.AddRange(CaptureParts(stage));
    }

    /// <summary>The stages have processed every delivered batch and nothing else: capture them all now.</summary>
    public static List<StageState> CaptureAll(IReadOnlyList<IPipelineStage> stages) =>
        [.. stages.SelectMany(CaptureParts)];

    /// <summary>One stage position's state: its stateful parts, or each shard's instance of them tagged with the shard.</summary>
    private static IEnumerable<StageState> CaptureParts(IPipelineStage stage)
    {
        if (stage is IShardPartitionedStage partitioned)
        {
            foreach ((string shard, IPipelineStage instance) in partitioned.Partitions())
            {
                foreach (IStatefulStage part in StatefulParts([instance]))
                {
                    yield return CapturePart(part) with { Shard = shard };
                }
            }

            yield break;
        }

        foreach (IStatefulStage part in StatefulParts([stage]))
        {
            yield return CapturePart(part);
        }
    }

    private static StageState CapturePart(IStatefulStage part)
    {
        long started = Stopwatch.GetTimestamp();
        if (part is IIncrementalState { Incremental: true } incremental)
        {
            StateItems items = incremental.CaptureItems();
            return new StageState(part.StateName, items.Head) { Items = items, CaptureTime = Stopwatch.GetElapsedTime(started) };
        }

        byte[] whole = part.CaptureState();
        return new StageState(part.StateName, whole) { CaptureTime = Stopwatch.GetElapsedTime(started) };
    }

    /// <summary>True when <paramref name="states"/> carry changed items a store must apply (a capture that must not be dropped).</summary>
    public static bool CarriesChanges(IReadOnlyList<StageState>? states) =>
        states is not null && states.Any(s => s.Items is { } items && (items.Full || items.ChangedItems > 0));

    /// <summary>Saves state covering exactly the batches delivered up to <paramref name="positions"/>.</summary>
    public async Task SaveAsync(IReadOnlyDictionary<string, string> positions, IReadOnlyList<StageState> states, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var checkpoint = new StateCheckpoint(new Dictionary<string, string>(positions, StringComparer.Ordinal), states, _time.GetUtcNow());
        await _store.SaveAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        LastSavedPositions = checkpoint.Positions;
        Saves++;
        LastSaveBytes = checkpoint.Bytes;
        LastSaveChangedItems = checkpoint.ChangedItems;
        FullItemSaves += states.Any(s => s.Items is { Full: true }) ? 1 : 0;
        TotalSaveBytes += checkpoint.Bytes;
        TimeSpan took = _time.GetElapsedTime(started);
        SaveSeconds += took.TotalSeconds;
        // What the save cost the pipeline: the store's write and every stage's pause to capture.
        Volatile.Write(ref _lastSaveTicks, took.Ticks + states.Sum(s => s.CaptureTime.Ticks));
        Metrics.Saved(checkpoint.Bytes);
        Log.Saved(_logger, checkpoint.Stages.Count, checkpoint.Bytes, positions.Count);
    }

    /// <summary>
    /// The first time a shard starts after a restore: after the position the restored state includes.
    /// Otherwise (no state for it, or a lease that came back later) after the stream checkpoint.
    /// </summary>
    public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken)
    {
        lock (_resume)
        {
            if (_resume.Remove(shardId, out string? position))
            {
                return Task.FromResult<string?>(position);
            }
        }

        return _inner.GetCheckpointAsync(shardId, cancellationToken);
    }

    public Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken) =>
        _inner.SaveCheckpointAsync(shardId, sequenceNumber, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "Restored state saved at {TakenAt}: {Stages} stages, {Bytes} bytes; resuming {Shards} shards from the positions it includes")]
        public static partial void Restored(ILogger logger, DateTimeOffset takenAt, int stages, long bytes, int shards);

        [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "The saved state has nothing for stage {Stage}: it starts from nothing")]
        public static partial void StageStateMissing(ILogger logger, string stage);

        [LoggerMessage(EventId = 1052, Level = LogLevel.Debug, Message = "Saved the state of {Stages} stages ({Bytes} bytes) at the positions of {Shards} shards")]
        public static partial void Saved(ILogger logger, int stages, long bytes, int shards);
    }
}
