using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Pipeline;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Windows;

public sealed class WindowRestartTests
{
    private static readonly DateTimeOffset s_t0 = Tx.Utc("2026-05-04T10:00:00Z");

    private static RecordBatch[] RestartBatches() =>
    [
        Tx.Batch("s", 1, Tx.Make("t1", s_t0, 10m), Tx.Make("t2", s_t0.AddMinutes(1), 5m, customer: "c2")),
        Tx.Batch("s", 3, Tx.Make("t3", s_t0.AddMinutes(2), 7m), Tx.Make("t1", s_t0, 12m, change: ChangeKind.Modified)),
        Tx.Batch("s", 5, Tx.Make("t4", s_t0.AddMinutes(3), 1m, category: BudgetCategory.Travel), Tx.Make("t2", s_t0, 0m, change: ChangeKind.Removed)),
        Tx.Batch("s", 7, Tx.Make("t5", s_t0.AddMinutes(4), 3m), Tx.Make("t6", s_t0.AddMinutes(5), 2m, customer: "c2")),
    ];

    private static (DeltaSum Sink, WindowStage Stage) RunStraight(WindowOptions options)
    {
        var stage = new WindowStage(options);
        var sink = new DeltaSum();
        foreach (RecordBatch batch in RestartBatches())
        {
            stage.Process(batch);
            sink.Add(batch.WindowDeltas);
        }

        return (sink, stage);
    }

    private static IEnumerable<(WindowSize, long, WindowKeyKind, string, long, decimal)> CellsOf(WindowStage stage) =>
        stage.Aggregator.Snapshot().Cells.Select(c => (c.Size, c.StartUtcTicks, c.Kind, c.Key, c.Count, c.Amount)).Order();

    [Fact]
    public void Restore_RestartAtSnapshotPosition_NeitherLosesNorDoubleCounts()
    {
        var options = new WindowOptions { MaxOutOfOrderness = TimeSpan.FromMinutes(5) };
        (DeltaSum expected, WindowStage reference) = RunStraight(options);

        // The checkpoint is committed together with the snapshot, at the positions it holds.
        var crashed = new WindowStage(options);
        var sink = new DeltaSum();
        RecordBatch[] run1 = RestartBatches();
        for (int i = 0; i < 3; i++)
        {
            crashed.Process(run1[i]);
            sink.Add(run1[i].WindowDeltas);
        }

        WindowSnapshot snapshot = crashed.Aggregator.Snapshot();
        Assert.Equal("6", snapshot.ShardPositions["s"]);
        byte[] saved = crashed.CaptureState();

        var restarted = new WindowStage(options);
        restarted.RestoreState(saved, streamContinues: true);
        RecordBatch resumed = RestartBatches()[3];
        restarted.Process(resumed);
        sink.Add(resumed.WindowDeltas);

        Assert.Equal(expected.NonZero(), sink.NonZero());
        Assert.Equal(CellsOf(reference), CellsOf(restarted));
    }

    [Fact]
    public void Restore_ReplayOfRecordsAlreadyInSnapshot_StateNotCountedTwice()
    {
        var options = new WindowOptions { MaxOutOfOrderness = TimeSpan.FromMinutes(5) };
        (_, WindowStage reference) = RunStraight(options);
        var crashed = new WindowStage(options);
        RecordBatch[] run1 = RestartBatches();
        for (int i = 0; i < 3; i++)
        {
            crashed.Process(run1[i]);
        }

        var restarted = new WindowStage(options);
        restarted.RestoreState(crashed.CaptureState(), streamContinues: true);
        RecordBatch[] replay = RestartBatches()[1..];
        foreach (RecordBatch batch in replay)
        {
            restarted.Process(batch);
        }

        Assert.Equal(CellsOf(reference), CellsOf(restarted));
        Assert.Equal(4, restarted.Aggregator.Counters.Replayed);

        // An added transaction's deltas are published again for the sinks, which are idempotent per batch.
        Assert.Contains(replay[0].WindowDeltas, d => d.Key == "c1" && d.Count == 1 && d.Amount == 7m);
    }
}
