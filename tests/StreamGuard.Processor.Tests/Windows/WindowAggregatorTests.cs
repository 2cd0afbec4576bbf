using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Processor.Pipeline;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Processor.Windows;

namespace StreamGuard.Processor.Tests.Windows;

public sealed class WindowAggregatorTests
{
    private static readonly DateTimeOffset s_t0 = Tx.Utc("2026-05-04T10:00:00Z");

    private static WindowStage MinuteStage(TimeSpan lateness, TimeSpan outOfOrder = default) => new(new WindowOptions
    {
        CustomerWindows = [],
        CategoryWindows = [WindowSize.Minute],
        AllowedLateness = lateness,
        MaxOutOfOrderness = outOfOrder,
    });

    [Fact]
    public void Process_EventsAcrossMonthEndInOperatorZone_SplitByLocalMonth()
    {
        var stage = new WindowStage(new WindowOptions { CustomerWindows = [], CategoryWindows = [WindowSize.Month], TimeZoneId = "America/New_York", MaxOutOfOrderness = TimeSpan.FromDays(1) });
        RecordBatch batch = Tx.Batch("s", 1,
            Tx.Make("a", Tx.Utc("2026-02-01T03:00:00Z"), 10m),
            Tx.Make("b", Tx.Utc("2026-02-01T06:00:00Z"), 5m));

        stage.Process(batch);

        var sum = new DeltaSum();
        sum.Add(batch.WindowDeltas);
        var january = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5));
        var february = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.FromHours(-5));
        Assert.Equal((1, 10m), sum.Get("month", january, "category", BudgetCategory.FoodAndDrink));
        Assert.Equal((1, 5m), sum.Get("month", february, "category", BudgetCategory.FoodAndDrink));
    }

    [Fact]
    public void Process_CustomerWithOwnZone_UsesItForDayBoundary()
    {
        var stage = new WindowStage(new WindowOptions
        {
            CustomerWindows = [WindowSize.Day],
            CategoryWindows = [],
            CustomerTimeZones = new Dictionary<string, string> { ["tokyo"] = "Asia/Tokyo" },
        });
        DateTimeOffset instant = Tx.Utc("2026-05-04T16:00:00Z");
        RecordBatch batch = Tx.Batch("s", 1, Tx.Make("a", instant, 1m, customer: "tokyo"), Tx.Make("b", instant, 1m, customer: "london"));

        stage.Process(batch);

        WindowTotal tokyo = Assert.Single(batch.WindowDeltas, d => d.Key == "tokyo");
        WindowTotal london = Assert.Single(batch.WindowDeltas, d => d.Key == "london");
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 0, 0, 0, TimeSpan.FromHours(9)), tokyo.Start);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 0, 0, 0, TimeSpan.Zero), london.Start);
    }

    [Fact]
    public void Process_LateEventWithinAllowedLateness_UpdatesWindowAndPublishesUpdate()
    {
        WindowStage stage = MinuteStage(TimeSpan.FromMinutes(10));
        stage.Process(Tx.Batch("s", 1, Tx.Make("a", s_t0.AddSeconds(30), 10m), Tx.Make("b", s_t0.AddMinutes(5), 1m)));

        RecordBatch late = Tx.Batch("s", 3, Tx.Make("c", s_t0.AddSeconds(40), 7m));
        stage.Process(late);

        WindowTotal update = Assert.Single(late.WindowDeltas);
        Assert.Equal((s_t0, 1L, 7m), (update.Start, update.Count, update.Amount));
        Assert.Empty(late.LateEvents);
        Assert.Equal(1, stage.Aggregator.Counters.LateUpdates);
    }

    [Fact]
    public void Process_EventAfterWindowClosed_GoesToLateOutputAndIsCounted()
    {
        WindowStage stage = MinuteStage(TimeSpan.FromMinutes(10));
        stage.Process(Tx.Batch("s", 1, Tx.Make("a", s_t0.AddSeconds(30), 10m), Tx.Make("b", s_t0.AddMinutes(20), 1m)));
        Assert.Equal(1, stage.Aggregator.Counters.WindowsClosed);

        RecordBatch late = Tx.Batch("s", 3, Tx.Make("c", s_t0.AddSeconds(50), 7m));
        stage.Process(late);

        Assert.Empty(late.WindowDeltas);
        LateEvent lateEvent = Assert.Single(late.LateEvents);
        Assert.Equal("c", lateEvent.TransactionId);
        Assert.Equal("category/minute", lateEvent.Windows);
        Assert.Equal(s_t0.AddMinutes(20), lateEvent.Watermark);
        Assert.Equal(1, stage.Aggregator.Counters.LateEvents);
    }

    [Fact]
    public void Process_EventDaysLate_MissesMinuteWindowButStillCountsInItsDay()
    {
        var stage = new WindowStage(new WindowOptions
        {
            CustomerWindows = [WindowSize.Day],
            CategoryWindows = [WindowSize.Minute],
            AllowedLateness = TimeSpan.FromHours(1),
            CalendarAllowedLateness = TimeSpan.FromDays(7),
        });
        stage.Process(Tx.Batch("s", 1, Tx.Make("a", s_t0.AddDays(3), 1m)));

        RecordBatch late = Tx.Batch("s", 2, Tx.Make("b", s_t0, 5m));
        stage.Process(late);

        Assert.Equal("category/minute", Assert.Single(late.LateEvents).Windows);
        WindowTotal day = Assert.Single(late.WindowDeltas);
        Assert.Equal(("day", "customer", 5m), (day.Window, day.KeyKind, day.Amount));
        Assert.Equal(1, stage.Aggregator.Counters.LateUpdates);
    }

    [Fact]
    public void Process_WatermarkTrailsByOutOfOrderness_DisorderWithinBoundIsNotLate()
    {
        WindowStage stage = MinuteStage(TimeSpan.Zero, outOfOrder: TimeSpan.FromMinutes(2));
        stage.Process(Tx.Batch("s", 1, Tx.Make("a", s_t0.AddMinutes(3), 1m)));

        RecordBatch batch = Tx.Batch("s", 2, Tx.Make("b", s_t0.AddMinutes(1).AddSeconds(5), 2m));
        stage.Process(batch);

        Assert.Single(batch.WindowDeltas);
        Assert.Empty(batch.LateEvents);
        Assert.Equal(s_t0.AddMinutes(1), stage.Aggregator.Watermark);
    }

    [Fact]
    public void Process_OneShardAhead_WatermarkFollowsSlowestShard()
    {
        var stage = new WindowStage(new WindowOptions { CustomerWindows = [], CategoryWindows = [WindowSize.Minute], AllowedLateness = TimeSpan.Zero, MaxOutOfOrderness = TimeSpan.Zero, ExpectedShards = 2 });
        stage.Process(Tx.Batch("fast", 1, Tx.Make("a", s_t0.AddHours(5), 1m)));
        stage.Process(Tx.Batch("slow", 1, Tx.Make("b", s_t0, 1m)));

        RecordBatch slow = Tx.Batch("slow", 2, Tx.Make("c", s_t0.AddMinutes(10), 2m));
        stage.Process(slow);

        Assert.Empty(slow.LateEvents);
        Assert.Single(slow.WindowDeltas);
        Assert.Equal(s_t0.AddMinutes(10), stage.Aggregator.Watermark);

        // Once the slow shard has moved on, an event behind it is late.
        RecordBatch late = Tx.Batch("slow", 3, Tx.Make("d", s_t0.AddMinutes(1), 2m));
        stage.Process(late);
        Assert.Single(late.LateEvents);
    }

    [Fact]
    public void Process_ModifiedTransaction_MovesItsAmountBetweenCategories()
    {
        var stage = new WindowStage(new WindowOptions { CustomerWindows = [WindowSize.Day], CategoryWindows = [WindowSize.Day] });
        var sum = new DeltaSum();
        RecordBatch first = Tx.Batch("s", 1, Tx.Make("t1", s_t0, 10m, category: BudgetCategory.FoodAndDrink));
        stage.Process(first);
        sum.Add(first.WindowDeltas);

        RecordBatch correction = Tx.Batch("s", 2, Tx.Make("t1", s_t0, 25m, category: BudgetCategory.Travel, change: ChangeKind.Modified));
        stage.Process(correction);
        sum.Add(correction.WindowDeltas);

        DateTimeOffset day = s_t0.Date;
        Assert.Equal((0, 0m), sum.Get("day", day, "category", BudgetCategory.FoodAndDrink));
        Assert.Equal((1, 25m), sum.Get("day", day, "category", BudgetCategory.Travel));
        Assert.Equal((1, 25m), sum.Get("day", day, "customer", "c1"));
        Assert.Equal(1, stage.Aggregator.Counters.Corrections);
    }

    [Fact]
    public void Process_RemovedTransaction_SubtractsWhatItAdded()
    {
        var stage = new WindowStage(new WindowOptions { CustomerWindows = [WindowSize.Day], CategoryWindows = [WindowSize.Hour] });
        var sum = new DeltaSum();
        foreach (RecordBatch batch in new[]
        {
            Tx.Batch("s", 1, Tx.Make("t1", s_t0, 10m), Tx.Make("t2", s_t0.AddMinutes(1), 4m)),
            Tx.Batch("s", 3, Tx.Make("t1", s_t0.AddDays(3), 0m, change: ChangeKind.Removed)),
        })
        {
            stage.Process(batch);
            sum.Add(batch.WindowDeltas);
        }

        Assert.Equal((1, 4m), sum.Get("day", s_t0.Date, "customer", "c1"));
        Assert.Equal((1, 4m), sum.Get("hour", s_t0, "category", BudgetCategory.FoodAndDrink));
        // The removal's observation time (three days later) must not push the watermark.
        Assert.Equal(s_t0, stage.Aggregator.Watermark);
    }

    [Fact]
    public void Process_RemovalOfUnknownTransaction_GoesToLateOutput()
    {
        WindowStage stage = MinuteStage(TimeSpan.FromMinutes(1));
        RecordBatch batch = Tx.Batch("s", 1, Tx.Make("ghost", s_t0, 0m, change: ChangeKind.Removed));

        stage.Process(batch);

        Assert.Contains("not held", Assert.Single(batch.LateEvents).Reason, StringComparison.Ordinal);
        Assert.Equal(1, stage.Aggregator.Counters.UnmatchedCorrections);
    }

    [Fact]
    public void Process_ModificationOfUnknownTransaction_GoesToLateOutputNotCounted()
    {
        WindowStage stage = MinuteStage(TimeSpan.FromMinutes(1));
        RecordBatch batch = Tx.Batch("s", 1, Tx.Make("ghost", s_t0, 9m, change: ChangeKind.Modified));

        stage.Process(batch);

        Assert.Empty(batch.WindowDeltas);
        Assert.Contains("modification", Assert.Single(batch.LateEvents).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void StatelessDeltas_SameTransactions_SameAsStageDeltas()
    {
        var options = new WindowOptions { TimeZoneId = "Europe/Berlin" };
        EnrichedTransaction[] txs = [Tx.Make("c", s_t0.AddDays(-40), 1m), Tx.Make("a", s_t0, 10m), Tx.Make("b", s_t0.AddHours(30), 4m, customer: "c2")];
        var stage = new WindowStage(options);
        RecordBatch batch = Tx.Batch("s", 1, txs);
        stage.Process(batch);
        var expected = new DeltaSum();
        expected.Add(batch.WindowDeltas);
        var actual = new DeltaSum();

        actual.Add(WindowAggregator.StatelessDeltas(options, txs));

        Assert.Equal(expected.NonZero(), actual.NonZero());
    }

    [Fact]
    public void Process_PostedReplacesPending_CountedOnce()
    {
        var stage = new WindowStage(new WindowOptions { CustomerWindows = [WindowSize.Day], CategoryWindows = [] });
        var sum = new DeltaSum();
        foreach (RecordBatch batch in new[]
        {
            Tx.Batch("s", 1, Tx.Make("pending-1", s_t0, 10m)),
            Tx.Batch("s", 2, Tx.Make("posted-1", s_t0.AddHours(1), 12m, pendingId: "pending-1")),
        })
        {
            stage.Process(batch);
            sum.Add(batch.WindowDeltas);
        }

        Assert.Equal((1, 12m), sum.Get("day", s_t0.Date, "customer", "c1"));
        Assert.Equal(1, stage.Aggregator.Counters.PendingReplaced);
    }

    [Fact]
    public void Process_SameAddedTransactionDeliveredTwice_CountedOnce()
    {
        WindowStage stage = MinuteStage(TimeSpan.FromMinutes(1));
        RecordBatch batch = Tx.Batch("s", 1, Tx.Make("t1", s_t0, 10m), Tx.Make("t1", s_t0, 10m));

        stage.Process(batch);

        Assert.Equal((1L, 10m), (Assert.Single(batch.WindowDeltas).Count, batch.WindowDeltas[0].Amount));
        Assert.Equal(1, stage.Aggregator.Counters.Redelivered);
    }

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
        byte[] saved = WindowAggregator.Serialize(snapshot);

        var restarted = new WindowStage(options);
        restarted.Aggregator.Restore(WindowAggregator.Deserialize(saved));
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
        restarted.Aggregator.Restore(WindowAggregator.Deserialize(WindowAggregator.Serialize(crashed.Aggregator.Snapshot())));
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

    [Fact]
    public void Restore_SnapshotOfOtherLayout_RefusedWithReason()
    {
        WindowSnapshot snapshot = new WindowAggregator(new WindowOptions()).Snapshot();
        var other = new WindowAggregator(new WindowOptions { CategoryWindows = [WindowSize.Day] });

        var error = Assert.Throws<InvalidOperationException>(() => other.Restore(snapshot));
        Assert.Contains("layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadSettings_NamesEachOne()
    {
        IReadOnlyList<string> errors = WindowOptionsValidator.Validate(new WindowOptions
        {
            AllowedLateness = TimeSpan.FromMinutes(-1),
            TimeZoneId = "Mars/Olympus",
            MaxTrackedTransactions = 0,
        });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("Windows:AllowedLateness", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mars/Olympus", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Windows:MaxTrackedTransactions", StringComparison.Ordinal));
    }
}
