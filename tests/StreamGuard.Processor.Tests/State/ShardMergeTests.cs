using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Insight;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.State;

/// <summary>
/// A merge child of two shards holds both parents' state of every kind (windows, budgets, duplicates,
/// segments, the merchant model), not just the scorer's cards: restored from one parent and merged with
/// the other, it holds what one chain that read both parents' records holds.
/// </summary>
public sealed class ShardMergeTests
{
    private static readonly string[] s_categories = [BudgetCategory.FoodAndDrink, BudgetCategory.GeneralMerchandise, BudgetCategory.Transportation];

    [Fact]
    public void MergeState_SecondParentOfEveryInsightKind_ChildHoldsWhatOneChainOverBothParentsHolds()
    {
        var options = new InsightOptions();
        EnrichedTransaction[] left = Transactions("a", customers: ["c1", "c2", "c3"]);
        EnrichedTransaction[] right = Transactions("b", customers: ["c4", "c5", "c6"]);
        using var parentA = new InsightStages(options);
        using var parentB = new InsightStages(options);
        using var together = new InsightStages(options);
        Run(parentA, Tx.Batch("shard-a", 1, left));
        Run(parentB, Tx.Batch("shard-b", 1, right));
        Run(together, Tx.Batch("shard-a", 1, left));
        Run(together, Tx.Batch("shard-b", 1, right));

        using var child = new InsightStages(options);
        Dictionary<string, byte[]> fromA = Capture(parentA);
        Dictionary<string, byte[]> fromB = Capture(parentB);
        foreach (IStatefulStage stage in Parts(child))
        {
            stage.RestoreState(fromA[stage.StateName], streamContinues: true);
            Assert.IsAssignableFrom<IMergeableState>(stage).MergeState(fromB[stage.StateName]);
        }

        // Windows: every open cell (customers' and the categories both parents fed) adds up to the lone chain's.
        Assert.Equal(Cells(together.Windows.Aggregator.Snapshot()), Cells(child.Windows.Aggregator.Snapshot()));
        Assert.Contains(Cells(child.Windows.Aggregator.Snapshot()), c => c.Contains("Category", StringComparison.Ordinal));
        Assert.Equal(together.Windows.Aggregator.TrackedTransactions, child.Windows.Aggregator.TrackedTransactions);
        // Budgets: the same bytes as the lone chain (customers of both parents, corrections oldest first).
        Assert.Equal(Convert.ToHexString(Capture(together)[together.Budgets.StateName]), Convert.ToHexString(Capture(child)[child.Budgets.StateName]));
        // Duplicates: every recent charge of both parents' cards (the lone chain also holds charges it has not yet expired lazily).
        Assert.True(parentA.Duplicates.Detector.Tracked > 0 && parentB.Duplicates.Detector.Tracked > 0);
        Assert.Equal(parentA.Duplicates.Detector.Tracked + parentB.Duplicates.Detector.Tracked, child.Duplicates.Detector.Tracked);
        foreach (string customer in (string[])["c1", "c4", "c6"])
        {
            Assert.Equal(together.Budgets.Tracker.StatusOf(customer, BudgetCategory.GeneralMerchandise), child.Budgets.Tracker.StatusOf(customer, BudgetCategory.GeneralMerchandise));
        }

        // Segments: both parents' customers; the merchant model: both parents' examples.
        Assert.Equal(6, child.Segments.Segmenter.Customers);
        Assert.Equal(together.Segments.Segmenter.Customers, child.Segments.Segmenter.Customers);
        Assert.True(parentA.Categorize.Model.TrainingExamples > 0);
        Assert.Equal(together.Categorize.Model.TrainingExamples, child.Categorize.Model.TrainingExamples);
    }

    private static EnrichedTransaction[] Transactions(string prefix, string[] customers)
    {
        DateTimeOffset start = Tx.Utc("2026-11-02T09:00:00Z");
        var list = new List<EnrichedTransaction>();
        for (int i = 0; i < 60; i++)
        {
            string customer = customers[i % customers.Length];
            string category = s_categories[i % s_categories.Length];
            list.Add(Tx.Make($"{prefix}-{i}", start.AddMinutes(7 * i), 10 + (i % 9), customer, category, merchant: $"{category} shop {i % 4}"));
        }

        return [.. list];
    }

    private static void Run(InsightStages stages, RecordBatch batch)
    {
        stages.Categorize.Process(batch);
        stages.AfterScoring().Process(batch);
    }

    private static IEnumerable<IStatefulStage> Parts(InsightStages stages) =>
        StateCheckpointer.StatefulParts([stages.Categorize, stages.AfterScoring()]);

    private static Dictionary<string, byte[]> Capture(InsightStages stages) =>
        Parts(stages).ToDictionary(s => s.StateName, s => s.CaptureState(), StringComparer.Ordinal);

    private static List<string> Cells(WindowSnapshot snapshot) =>
        [.. snapshot.Cells.Select(c => $"{c.Size}|{c.StartUtcTicks}|{c.Kind}|{c.Key}|{c.Count}|{c.Amount}").Order(StringComparer.Ordinal)];
}
