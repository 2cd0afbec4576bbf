using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Insight.Budgets;
using StreamGuard.Insight.Duplicates;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Insight;

public sealed class InsightStagesTests
{
    [Fact]
    public void Process_OneBatchThroughAllStages_SummaryCountsWhatHappened()
    {
        using var insight = new InsightStages(new InsightOptions
        {
            Budgets = new BudgetOptions { Budgets = [new ConfiguredBudget(null, BudgetCategory.FoodAndDrink, 50m)], ForecastOverrunAlert = false },
            Windows = new WindowOptions { AllowedLateness = TimeSpan.Zero, MaxOutOfOrderness = TimeSpan.Zero },
        });
        DateTimeOffset t0 = Tx.Utc("2026-05-04T10:00:00Z");
        EnrichedTransaction Sparkov(string id, DateTimeOffset time, decimal amount) =>
            Tx.Make(id, time, amount, merchant: "fraud_Kirlin and Sons", category: BudgetCategory.Uncategorized) with { Source = TransactionSource.Sparkov, SourceCategory = "food_dining" };
        RecordBatch batch = Tx.Batch("s", 1,
            Sparkov("a", t0, 30m),
            Sparkov("b", t0.AddMinutes(2), 30m),
            Sparkov("c", t0.AddMinutes(3), 30m));
        RecordBatch lateBatch = Tx.Batch("s", 4, Sparkov("late", t0.AddMinutes(-5), 1m));
        CompositeStage after = insight.AfterScoring();

        insight.Categorize.Process(batch);
        after.Process(batch);
        insight.Categorize.Process(lateBatch);
        after.Process(lateBatch);

        Assert.All(batch.Items, i => Assert.Equal(BudgetCategory.FoodAndDrink, i.Output!.Category));
        Assert.Contains(batch.Alerts, a => a.Type == AlertTypes.DuplicateSuspected && a.TransactionId == "b");
        Assert.Contains(batch.Alerts, a => a.Type == AlertTypes.BudgetThreshold);
        Assert.Single(lateBatch.Results<LateEvent>());
        InsightSummary summary = insight.Summary();
        Assert.Equal(1, summary.LateEvents);
        Assert.Equal(2, summary.Duplicates);
        Assert.Equal(2, summary.BudgetAlerts);
        Assert.True(summary.WindowsEmitted >= 1);
        Assert.Equal(batch.WindowDeltas.Count + lateBatch.WindowDeltas.Count, summary.WindowDeltas);
        Assert.Equal(4, summary.ClassifierTrainingExamples);

        // Late for its minute and hour windows (their stored totals corrected), still in time for its day and month.
        Assert.Equal("category/minute,category/hour", lateBatch.Results<LateEvent>()[0].Windows);
        Assert.Equal(5, lateBatch.WindowDeltas.Count);
    }

    [Fact]
    public void Validate_BadSettingsInSeveralSections_ListsThemAll()
    {
        IReadOnlyList<string> errors = new InsightOptions
        {
            Windows = new WindowOptions { TimeZoneId = "Bad/Zone" },
            Duplicates = new DuplicateOptions { Window = TimeSpan.Zero },
        }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Windows:TimeZoneId: unknown time zone 'Bad/Zone'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Duplicates:Window must be positive", StringComparison.Ordinal));
    }
}
