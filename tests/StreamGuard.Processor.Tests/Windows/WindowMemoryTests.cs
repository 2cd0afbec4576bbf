using StreamGuard.Core.Model;
using StreamGuard.Insight.Windows;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Windows;

/// <summary>What open cells hold per customer: one copy of the customer's name, however many days it spends on.</summary>
public sealed class WindowMemoryTests
{
    private static readonly DateTimeOffset s_start = Tx.Utc("2024-01-01T09:00:00Z");

    [Fact]
    public void Flush_CustomerSpendingOnManyDays_CellsShareOneCopyOfTheName()
    {
        var stage = new WindowStage(new WindowOptions());
        int sequence = 1;
        for (int day = 0; day < 20; day++)
        {
            // Every decoded record carries its own copy of the customer's pseudonym.
            EnrichedTransaction[] spends = [.. Enumerable.Range(0, 5).Select(c => Tx.Make($"tx-{day}-{c}", s_start.AddDays(day).AddMinutes(c), 5m + c, customer: new string([.. "customer-" + c])))];
            stage.Process(Tx.Batch("s", sequence, spends));
            sequence += spends.Length;
        }

        List<WindowCellState> customerCells = [.. stage.Aggregator.Snapshot().Cells.Where(c => c.Kind == WindowKeyKind.Customer)];
        Assert.Equal(5 * 20, customerCells.Count);
        Assert.Equal(5, customerCells.Select(c => c.Key).Distinct(ReferenceEqualityComparer.Instance).Count());
    }
}
