using StreamGuard.Core.Model;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.State;

/// <summary>What the incremental-state tests share: spends a minute apart, a stage's items as a saved state, window cells as comparable text.</summary>
internal static class StateItemsTestKit
{
    public static readonly DateTimeOffset Start = Tx.Utc("2024-03-01T08:00:00Z");

    /// <summary>A spend of <paramref name="customer"/> <paramref name="minute"/> minutes after <see cref="Start"/>, of 10 + minute dollars.</summary>
    public static EnrichedTransaction Spend(int minute, string customer, string? id = null) =>
        Tx.Make(id ?? "tx-" + minute, Start.AddMinutes(minute), 10m + minute, customer: customer);

    /// <summary>The stage's next capture, as the state a save would hand the store.</summary>
    public static StageState Captured(IIncrementalState stage)
    {
        StateItems items = stage.CaptureItems();
        return new StageState(stage.StateName, items.Head) { Items = items };
    }

    /// <summary>Every cell of a window snapshot as text, sorted (items come back in key order, not insertion order).</summary>
    public static List<string> CellsText(WindowSnapshot snapshot) =>
        [.. snapshot.Cells.Select(c => $"{c.Size}|{c.StartUtcTicks}|{c.EndUtcTicks}|{c.Kind}|{c.Key}|{c.Count}|{c.Amount}").Order(StringComparer.Ordinal)];
}
