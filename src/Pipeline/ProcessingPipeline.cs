using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline.State;
using StreamGuard.Pipeline.Tail;

namespace StreamGuard.Pipeline;

/// <summary>
/// Shard readers feed a chain of stages, each on its own task between bounded channels, and a
/// final step hands every batch to all sinks and only then checkpoints it. A full channel makes
/// its writer wait, so pressure travels back to the shard readers; a failure stops the pipeline
/// rather than letting a checkpoint pass a record that was neither processed nor dead-lettered.
/// With a <see cref="StateCheckpointer"/>, the stages' state is restored before reading starts and
/// saved on barrier batches, and once more when the input is drained.
/// </summary>
public sealed partial class ProcessingPipeline
{
    private readonly IReadOnlyList<IPipelineStage> _stages;
    private readonly IReadOnlyList<IBatchSink> _sinks;
    private readonly ICheckpointStore _checkpoints;
    private readonly PipelineOptions _options;
    private readonly ILogger _logger;
    private readonly StateCheckpointer? _state;
    private readonly TimeProvider _time;
    private readonly long[] _busyTicks;
    private long _deliverTicks;
    private readonly long[] _sinkTicks;
    private readonly bool _grouping;
    private readonly string[] _sinkKinds;
    private Task _saving = Task.CompletedTask;


    public ProcessingPipeline(
        IReadOnlyList<IPipelineStage> stages,
        IReadOnlyList<IBatchSink> sinks,
        ICheckpointStore checkpoints,
        PipelineOptions options,
        PipelineCounters counters,
        ILogger logger,
        StateCheckpointer? state = null,
        TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _stages = stages;
        _sinks = sinks;
        _checkpoints = checkpoints;
        _options = options;
        Counters = counters;
        _logger = logger;
        _state = state is { Enabled: true } ? state : null;
        _busyTicks = new long[stages.Count];
        _sinkTicks = new long[sinks.Count];
        _grouping = sinks.Any(sink => sink is IGroupCommitSink);
        _sinkKinds = [.. sinks.Select(sink => "sink:" + sink.Name)];
    }

    /// <summary>Seconds each stage (and the sinks, as "sinks") spent working, not waiting: where the time goes.</summary>
    public IReadOnlyDictionary<string, double> BusySeconds()
    {
        var busy = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < _stages.Count; i++)
        {
            busy[_stages[i].Name] = Math.Round(Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks[i])).TotalSeconds, 3);
        }

        busy["sinks"] = Math.Round(Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _deliverTicks)).TotalSeconds, 3);
        for (int i = 0; i < _sinks.Count; i++)
        {
            busy["sink:" + _sinks[i].Name] = Math.Round(Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _sinkTicks[i])).TotalSeconds, 3);
        }

        return busy;
    }

    public PipelineCounters Counters { get; }

    /// <summary>Where the latency tail comes from: the pipeline's long steps and what held up its slow records.</summary>
    public LatencyTail Tail { get; } = new();

    /// <summary>
    /// Runs until <paramref name="feed"/> has finished writing batches and every batch has reached
    /// the sinks. The feed owns the shard readers (all shards, or those a lease gives this worker).
    /// </summary>
    public async Task RunAsync(Func<ChannelWriter<RecordBatch>, CancellationToken, Task> feed, CancellationToken cancellationToken)
    {
        if (_state is not null)
        {
            await _state.RestoreAsync(_stages, cancellationToken).ConfigureAwait(false);
        }

        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken token = failure.Token;
        Channel<RecordBatch> head = NewChannel();
        var tasks = new List<Task> { FeedAsync(feed, head.Writer, token) };
        ChannelReader<RecordBatch> input = head.Reader;
        for (int i = 0; i < _stages.Count; i++)
        {
            IPipelineStage stage = _stages[i];
            Action<RecordBatch>? mark = i == 0 && _state is not null ? _state.MarkIfDue : null;
            Channel<RecordBatch> next = NewChannel();
            ChannelReader<RecordBatch> stageInput = input;
            int index = i;
            tasks.Add(Task.Run(() => RunStageAsync(stage, mark, stageInput, next.Writer, ticks => Interlocked.Add(ref _busyTicks[index], ticks), Tail, token), token));
            input = next.Reader;
        }

        ChannelReader<RecordBatch> delivered = input;
        tasks.Add(Task.Run(() => DeliverAsync(delivered, token), token));
        try
        {
            await WhenAllOrFirstFailure(tasks, failure).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.PipelineFailed(_logger, e);
            throw;
        }
    }

    private static async Task WhenAllOrFirstFailure(List<Task> tasks, CancellationTokenSource failure)
    {
        var pending = new List<Task>(tasks);
        while (pending.Count > 0)
        {
            Task done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.IsFaulted)
            {
                await failure.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
                await done.ConfigureAwait(false);
            }
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task FeedAsync(Func<ChannelWriter<RecordBatch>, CancellationToken, Task> feed, ChannelWriter<RecordBatch> writer, CancellationToken cancellationToken)
    {
        using var stopBarriers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task idleBarriers = _state?.SendIdleBarriersAsync(writer, stopBarriers.Token) ?? Task.CompletedTask;
        try
        {
            await feed(writer, cancellationToken).ConfigureAwait(false);
            await stopBarriers.CancelAsync().ConfigureAwait(false);
            await idleBarriers.ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            await stopBarriers.CancelAsync().ConfigureAwait(false);
            writer.TryComplete(e);
            throw;
        }
    }

    private static async Task RunStageAsync(IPipelineStage stage, Action<RecordBatch>? markBarrier, ChannelReader<RecordBatch> input, ChannelWriter<RecordBatch> output, Action<long> busy, LatencyTail tail, CancellationToken cancellationToken)
    {
        string processing = "stage:" + stage.Name;
        string capturing = "capture:" + stage.Name;
        try
        {
            while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (input.TryRead(out RecordBatch? batch))
                {
                    long started = Stopwatch.GetTimestamp();
                    long gc = LatencyTail.GcPauseTicks();
                    markBarrier?.Invoke(batch);
                    stage.Process(batch);
                    tail.Step(processing, started, gc);
                    if (batch.State is not null)
                    {
                        long capture = Stopwatch.GetTimestamp();
                        long captureGc = LatencyTail.GcPauseTicks();
                        StateCheckpointer.Capture(stage, batch);
                        tail.Step(capturing, capture, captureGc);
                    }

                    busy(Stopwatch.GetTimestamp() - started);
                    await output.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }
            }

            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
            throw;
        }
    }

    private async Task DeliverAsync(ChannelReader<RecordBatch> input, CancellationToken cancellationToken)
    {
        try
        {
            // On success this has waited for the last save.
            await DeliverBatchesAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Never let the store close while a save still writes; the delivery's own failure is the one reported.
            await Task.WhenAny(_saving).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DeliverBatchesAsync(ChannelReader<RecordBatch> input, CancellationToken cancellationToken)
    {
        var writes = new Task[_sinks.Count];
        // Positions start where the restored state stands: a shard with nothing new still has them in the next save.
        var delivered = new Dictionary<string, string>(_state?.RestoredPositions ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        bool unsaved = false;
        long uncommittedSince = -1;
        while (true)
        {
            (bool read, bool committed) = await NextOrCommitAsync(input, uncommittedSince, cancellationToken).ConfigureAwait(false);
            if (committed)
            {
                uncommittedSince = -1;
            }

            if (!read)
            {
                break;
            }

            while (input.TryRead(out RecordBatch? batch))
            {
                if (batch.IsStateBarrierOnly)
                {
                    // Incremental captures must not be dropped: the next one holds only what changed after this one.
                    if (unsaved || StateCheckpointer.CarriesChanges(batch.State))
                    {
                        await SaveStateBesideAsync(delivered, batch.State!, cancellationToken).ConfigureAwait(false);
                        unsaved = false;
                    }
                    else
                    {
                        _state!.BarrierDone();
                    }

                    continue;
                }

                long started = Stopwatch.GetTimestamp();
                for (int i = 0; i < _sinks.Count; i++)
                {
                    writes[i] = TimedWriteAsync(i, batch, cancellationToken);
                }

                await Task.WhenAll(writes).ConfigureAwait(false);
                Interlocked.Add(ref _deliverTicks, Stopwatch.GetTimestamp() - started);
                if (uncommittedSince < 0 && _grouping)
                {
                    uncommittedSince = Stopwatch.GetTimestamp();
                }

                long checkpointed = Stopwatch.GetTimestamp();
                long checkpointGc = LatencyTail.GcPauseTicks();
                await _checkpoints.SaveCheckpointAsync(batch.ShardId, batch.LastSequenceNumber, cancellationToken).ConfigureAwait(false);
                Tail.Step("checkpoint", checkpointed, checkpointGc);
                if (_state is not null)
                {
                    delivered[batch.ShardId] = batch.LastSequenceNumber;
                    unsaved = batch.State is null;
                    if (batch.State is { } states)
                    {
                        await SaveStateBesideAsync(delivered, states, cancellationToken).ConfigureAwait(false);
                    }
                }

                int deadLettered = 0;
                foreach (PipelineItem item in batch.Items)
                {
                    deadLettered += item.DeadLetter is null ? 0 : 1;
                }

                DateTimeOffset now = _time.GetUtcNow();
                double latencyMs = (now - batch.Items[0].Record.ApproximateArrivalTimestamp).TotalMilliseconds;
                Counters.BatchDone(batch.Items.Count - deadLettered, deadLettered, batch.Alerts.Count, Math.Max(latencyMs, Stopwatch.GetElapsedTime(batch.ReceivedTimestamp).TotalMilliseconds));
                // End-to-end latency per record: appended to the stream -> every sink accepted it.
                int slow = 0;
                double oldest = 0;
                foreach (PipelineItem item in batch.Items)
                {
                    double ms = Math.Max(0, (now - item.Record.ApproximateArrivalTimestamp).TotalMilliseconds);
                    Counters.Latency.Record(ms);
                    slow += ms > Tail.SlowMs ? 1 : 0;
                    oldest = Math.Max(oldest, ms);
                }

                Tail.Delivered(slow, oldest, batch.ReceivedTimestamp, started);
                _state?.Delivered(TimeSpan.FromMilliseconds(oldest));
                if (_saving.IsFaulted || _saving.IsCanceled)
                {
                    // A save beside delivery failed: stop here, as when delivery waited for it.
                    await _saving.ConfigureAwait(false);
                }
            }
        }

        // The input is drained: every stage has finished, having processed exactly what was delivered.
        await _saving.ConfigureAwait(false);
        if (_state is not null && unsaved)
        {
            await SaveStateAsync(delivered, StateCheckpointer.CaptureAll(_stages), cancellationToken).ConfigureAwait(false);
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the next batch; when none is waiting and a grouping sink holds batches, commits them
    /// once the oldest is <see cref="PipelineOptions.GroupCommitInterval"/> old, unless a batch comes first, and waits on.
    /// Read is false when the input is complete; Committed says the sinks committed meanwhile.
    /// </summary>
    private async Task<(bool Read, bool Committed)> NextOrCommitAsync(ChannelReader<RecordBatch> input, long uncommittedSince, CancellationToken cancellationToken)
    {
        ValueTask<bool> waiting = input.WaitToReadAsync(cancellationToken);
        if (uncommittedSince < 0 || waiting.IsCompleted)
        {
            return (await waiting.ConfigureAwait(false), false);
        }

        // Real time, not the injected clock: this paces disk work, and a test's manual clock must not hold a commit back.
        TimeSpan left = _options.GroupCommitInterval - Stopwatch.GetElapsedTime(uncommittedSince);
        Task<bool> next = waiting.AsTask();
        if (left > TimeSpan.Zero)
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task delay = Task.Delay(left, stopDelay.Token);
            if (await Task.WhenAny(next, delay).ConfigureAwait(false) == next)
            {
                await stopDelay.CancelAsync().ConfigureAwait(false);
                return (await next.ConfigureAwait(false), false);
            }
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return (await next.ConfigureAwait(false), true);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < _sinks.Count; i++)
        {
            if (_sinks[i] is IGroupCommitSink grouping)
            {
                long started = Stopwatch.GetTimestamp();
                long gc = LatencyTail.GcPauseTicks();
                await grouping.FlushAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _sinkTicks[i], Stopwatch.GetTimestamp() - started);
                Tail.Step("commit", started, gc);
            }
        }
    }

    /// <summary>
    /// Starts saving the state of a barrier beside delivery, after the previous save (saves stay in
    /// barrier order, and a failed one fails the pipeline here). The positions are copied now: they
    /// are the batches delivered up to the barrier, which the state covers exactly. Batches delivered
    /// meanwhile are checkpointed past it; a crash before the save is done restores the previous
    /// state and positions, and the sinks skip the records they already hold, as after any crash.
    /// </summary>
    private async Task SaveStateBesideAsync(IReadOnlyDictionary<string, string> positions, IReadOnlyList<StageState> states, CancellationToken cancellationToken)
    {
        await _saving.ConfigureAwait(false);
        if (!_options.SaveStateBesideDelivery)
        {
            try
            {
                await SaveStateAsync(positions, states, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _state!.BarrierDone();
            }

            return;
        }

        var atBarrier = new Dictionary<string, string>(positions, StringComparer.Ordinal);
        _saving = Task.Run(
            async () =>
            {
                try
                {
                    await SaveStateAsync(atBarrier, states, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _state!.BarrierDone();
                }
            },
            CancellationToken.None);
    }

    private async Task SaveStateAsync(IReadOnlyDictionary<string, string> positions, IReadOnlyList<StageState> states, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        long gc = LatencyTail.GcPauseTicks();
        await _state!.SaveAsync(positions, states, cancellationToken).ConfigureAwait(false);
        Tail.Step("state_save", started, gc);
    }

    private async Task TimedWriteAsync(int sink, RecordBatch batch, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        long gc = LatencyTail.GcPauseTicks();
        await _sinks[sink].WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _sinkTicks[sink], Stopwatch.GetTimestamp() - started);
        Tail.Step(_sinkKinds[sink], started, gc);
    }

    private Channel<RecordBatch> NewChannel() => Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(_options.ChannelCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = false,
    });

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "The pipeline stopped on a failure; the checkpoint stays before the failed batch")]
        public static partial void PipelineFailed(ILogger logger, Exception exception);
    }
}
