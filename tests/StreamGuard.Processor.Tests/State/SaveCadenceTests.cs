using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.State;

/// <summary>
/// When a state barrier is due: every <c>Interval</c> while the pipeline keeps up with its stream (short
/// saves, short pauses), every <c>BacklogInterval</c> or <c>MaxRecords</c> while it works through a backlog,
/// later when the last save took more than <c>MaxSaveShare</c> of the time, and by an idle barrier only
/// once records stopped coming.
/// </summary>
public sealed class SaveCadenceTests
{
    private static readonly StateCheckpointOptions s_options = new()
    {
        Interval = TimeSpan.FromSeconds(5),
        BacklogInterval = TimeSpan.FromSeconds(30),
        MaxRecords = 1_000_000,
        MaxSaveShare = 0.1,
    };

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private long _sequence;

    [Fact]
    public void KeepingUp_BarrierEveryInterval()
    {
        StateCheckpointer checkpointer = Checkpointer(s_options);
        Deliver(checkpointer, TimeSpan.FromMilliseconds(20));

        AssertNextBarrierAfter(checkpointer, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Behind_BarrierOnlyAfterTheBacklogInterval_AndEveryIntervalOnceCaughtUp()
    {
        StateCheckpointer checkpointer = Checkpointer(s_options);
        Deliver(checkpointer, TimeSpan.FromSeconds(2));

        AssertNextBarrierAfter(checkpointer, TimeSpan.FromSeconds(30));
        checkpointer.BarrierDone();

        // Caught up: the average of the latest batches' latency falls under the slow-record mark.
        Deliver(checkpointer, TimeSpan.FromMilliseconds(20));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(Mark(checkpointer).State);
    }

    [Fact]
    public void OneSlowBatchAtASteadyRate_DoesNotStretchTheInterval()
    {
        StateCheckpointer checkpointer = Checkpointer(s_options);
        Deliver(checkpointer, TimeSpan.FromMilliseconds(20));
        checkpointer.Delivered(TimeSpan.FromMilliseconds(900));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(Mark(checkpointer).State);
    }

    [Fact]
    public void Behind_MaxRecordsStillDue()
    {
        StateCheckpointer checkpointer = Checkpointer(s_options with { MaxRecords = 3 });
        Deliver(checkpointer, TimeSpan.FromSeconds(2));

        Assert.Null(Mark(checkpointer, records: 2).State);
        Assert.NotNull(Mark(checkpointer, records: 1).State);
    }

    [Fact]
    public void LongerIntervalSet_BacklogDoesNotShortenIt()
    {
        StateCheckpointer checkpointer = Checkpointer(s_options with { Interval = TimeSpan.FromMinutes(10) });
        Deliver(checkpointer, TimeSpan.FromSeconds(2));

        AssertNextBarrierAfter(checkpointer, TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task SlowSave_NextOneWaitsUntilItIsTheShareOfTheTime()
    {
        var store = new SlowStore(_time, TimeSpan.FromSeconds(2));
        StateCheckpointer checkpointer = Checkpointer(s_options, store);
        Deliver(checkpointer, TimeSpan.FromMilliseconds(20));

        await checkpointer.SaveAsync(new Dictionary<string, string>(), [], CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(20), checkpointer.TimeDue);
        // The save itself took 2 s of the 20.
        AssertNextBarrierAfter(checkpointer, TimeSpan.FromSeconds(18));
    }

    [Fact]
    public async Task SlowCapture_CountsAsPartOfTheSave()
    {
        StateCheckpointer checkpointer = Checkpointer(s_options);
        StageState[] captured = [new StageState("windows", []) { CaptureTime = TimeSpan.FromSeconds(1) }, new StageState("scorer", []) { CaptureTime = TimeSpan.FromSeconds(0.5) }];

        await checkpointer.SaveAsync(new Dictionary<string, string>(), captured, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(15), checkpointer.TimeDue);
    }

    [Fact]
    public async Task IdleBarrier_OnlyOnceRecordsStopComing()
    {
        StateCheckpointer checkpointer = Checkpointer(s_options with { Interval = TimeSpan.FromSeconds(1), MaxRecords = 1_000_000 });
        Deliver(checkpointer, TimeSpan.FromSeconds(2));
        var head = Channel.CreateUnbounded<RecordBatch>();
        using var stop = new CancellationTokenSource();
        Task idle = checkpointer.SendIdleBarriersAsync(head.Writer, stop.Token);

        // Records keep flowing (behind, so no barrier is due by time): no idle barrier.
        for (int tick = 0; tick < 5; tick++)
        {
            Assert.Null(Mark(checkpointer).State);
            await AdvanceAndSettleAsync(TimeSpan.FromSeconds(1));
        }

        Assert.False(head.Reader.TryRead(out _));

        // Records stop: a barrier-only batch within two intervals.
        await AdvanceAndSettleAsync(TimeSpan.FromSeconds(1));
        await AdvanceAndSettleAsync(TimeSpan.FromSeconds(1));
        Assert.True(head.Reader.TryRead(out RecordBatch? barrier));
        Assert.True(barrier.IsStateBarrierOnly);

        await stop.CancelAsync();
        await idle;
    }

    /// <summary>No barrier a second before <paramref name="due"/> from now, one at <paramref name="due"/>.</summary>
    private void AssertNextBarrierAfter(StateCheckpointer checkpointer, TimeSpan due)
    {
        _time.Advance(due - TimeSpan.FromSeconds(1));
        Assert.Null(Mark(checkpointer).State);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(Mark(checkpointer).State);
    }

    private async Task AdvanceAndSettleAsync(TimeSpan by)
    {
        _time.Advance(by);
        // The idle loop's continuation runs on the thread pool after the fake timer fires.
        await Task.Delay(50);
    }

    private StateCheckpointer Checkpointer(StateCheckpointOptions options, IStateStore? store = null) =>
        new(new MemoryCheckpointStore(), store ?? new SlowStore(_time, TimeSpan.Zero), options, _time, NullLogger.Instance);

    private static void Deliver(StateCheckpointer checkpointer, TimeSpan latency)
    {
        for (int i = 0; i < 64; i++)
        {
            checkpointer.Delivered(latency);
        }
    }

    private RecordBatch Mark(StateCheckpointer checkpointer, int records = 1)
    {
        var items = new List<PipelineItem>();
        for (int i = 0; i < records; i++)
        {
            items.Add(new PipelineItem(new StreamRecord((++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture), "card", new byte[] { 1 }, _time.GetUtcNow())));
        }

        var batch = new RecordBatch("shard-0", items);
        checkpointer.MarkIfDue(batch);
        return batch;
    }

    /// <summary>A store whose every save takes <paramref name="takes"/> of the fake clock.</summary>
    private sealed class SlowStore(FakeTimeProvider time, TimeSpan takes) : IStateStore
    {
        public Task<StateCheckpoint?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<StateCheckpoint?>(null);

        public Task SaveAsync(StateCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            time.Advance(takes);
            return Task.CompletedTask;
        }
    }
}
