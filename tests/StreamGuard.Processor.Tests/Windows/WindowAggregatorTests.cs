using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Pipeline;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Windows;

public sealed class WindowAggregatorTests
{
    private static readonly DateTimeOffset s_t0 = Tx.Utc("2026-05-04T10:00:00Z");

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
        WindowStage stage = WindowTestStages.Minute(TimeSpan.FromMinutes(10));
        stage.Process(Tx.Batch("s", 1, Tx.Make("a", s_t0.AddSeconds(30), 10m), Tx.Make("b", s_t0.AddMinutes(5), 1m)));

        RecordBatch late = Tx.Batch("s", 3, Tx.Make("c", s_t0.AddSeconds(40), 7m));
        stage.Process(late);

        WindowTotal update = Assert.Single(late.WindowDeltas);
        Assert.Equal((s_t0, 1L, 7m), (update.Start, update.Count, update.Amount));
        Assert.Empty(late.Results<LateEvent>());
        Assert.Equal(1, stage.Aggregator.Counters.LateUpdates);
    }

    [Fact]
    public void Process_EventAfterWindowClosed_CorrectsStoredTotalGoesToLateOutputAndIsCounted()
    {
        WindowStage stage = WindowTestStages.Minute(TimeSpan.FromMinutes(10));
        stage.Process(Tx.Batch("s", 1, Tx.Make("a", s_t0.AddSeconds(30), 10m), Tx.Make("b", s_t0.AddMinutes(20), 1m)));
        Assert.Equal(1, stage.Aggregator.Counters.WindowsClosed);

        RecordBatch late = Tx.Batch("s", 3, Tx.Make("c", s_t0.AddSeconds(50), 7m));
        stage.Process(late);

        // The closed window's stored total is corrected: the late transaction is in every window.
        WindowTotal correction = Assert.Single(late.WindowDeltas);
        Assert.Equal(("minute", s_t0, 1L, 7m), (correction.Window, correction.Start, correction.Count, correction.Amount));
        LateEvent lateEvent = Assert.Single(late.Results<LateEvent>());
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

        Assert.Equal("category/minute", Assert.Single(late.Results<LateEvent>()).Windows);
        Assert.Equal(2, late.WindowDeltas.Count);
        WindowTotal day = Assert.Single(late.WindowDeltas, d => d.Window == "day");
        Assert.Equal(("day", "customer", 5m), (day.Window, day.KeyKind, day.Amount));
        WindowTotal minute = Assert.Single(late.WindowDeltas, d => d.Window == "minute");
        Assert.Equal((s_t0, "category", 1L, 5m), (minute.Start, minute.KeyKind, minute.Count, minute.Amount));
        Assert.Equal(1, stage.Aggregator.Counters.LateUpdates);
    }

    [Fact]
    public void Process_WatermarkTrailsByOutOfOrderness_DisorderWithinBoundIsNotLate()
    {
        WindowStage stage = WindowTestStages.Minute(TimeSpan.Zero, outOfOrder: TimeSpan.FromMinutes(2));
        stage.Process(Tx.Batch("s", 1, Tx.Make("a", s_t0.AddMinutes(3), 1m)));

        RecordBatch batch = Tx.Batch("s", 2, Tx.Make("b", s_t0.AddMinutes(1).AddSeconds(5), 2m));
        stage.Process(batch);

        Assert.Single(batch.WindowDeltas);
        Assert.Empty(batch.Results<LateEvent>());
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

        Assert.Empty(slow.Results<LateEvent>());
        Assert.Single(slow.WindowDeltas);
        Assert.Equal(s_t0.AddMinutes(10), stage.Aggregator.Watermark);

        // Once the slow shard has moved on, an event behind it is late.
        RecordBatch late = Tx.Batch("slow", 3, Tx.Make("d", s_t0.AddMinutes(1), 2m));
        stage.Process(late);
        Assert.Single(late.Results<LateEvent>());
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
