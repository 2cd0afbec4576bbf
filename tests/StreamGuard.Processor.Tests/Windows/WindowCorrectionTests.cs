using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Pipeline;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Windows;

public sealed class WindowCorrectionTests
{
    private static readonly DateTimeOffset s_t0 = Tx.Utc("2026-05-04T10:00:00Z");

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
        WindowStage stage = WindowTestStages.Minute(TimeSpan.FromMinutes(1));
        RecordBatch batch = Tx.Batch("s", 1, Tx.Make("ghost", s_t0, 0m, change: ChangeKind.Removed));

        stage.Process(batch);

        Assert.Contains("not held", Assert.Single(batch.Results<LateEvent>()).Reason, StringComparison.Ordinal);
        Assert.Equal(1, stage.Aggregator.Counters.UnmatchedCorrections);
    }

    [Fact]
    public void Process_ModificationOfUnknownTransaction_GoesToLateOutputNotCounted()
    {
        WindowStage stage = WindowTestStages.Minute(TimeSpan.FromMinutes(1));
        RecordBatch batch = Tx.Batch("s", 1, Tx.Make("ghost", s_t0, 9m, change: ChangeKind.Modified));

        stage.Process(batch);

        Assert.Empty(batch.WindowDeltas);
        Assert.Contains("modification", Assert.Single(batch.Results<LateEvent>()).Reason, StringComparison.Ordinal);
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
        WindowStage stage = WindowTestStages.Minute(TimeSpan.FromMinutes(1));
        RecordBatch batch = Tx.Batch("s", 1, Tx.Make("t1", s_t0, 10m), Tx.Make("t1", s_t0, 10m));

        stage.Process(batch);

        Assert.Equal((1L, 10m), (Assert.Single(batch.WindowDeltas).Count, batch.WindowDeltas[0].Amount));
        Assert.Equal(1, stage.Aggregator.Counters.Redelivered);
    }
}
