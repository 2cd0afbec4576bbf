using StreamGuard.Core.Model;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>A shard's side of the releases saved and restored as it is with a lease: the whole window is handed in after a move, never a parent's twice.</summary>
public sealed class ShardReleaseStateTests
{
    private static readonly DateTimeOffset s_day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DifferentialPrivacyOptions s_options = new() { AllowedLateness = TimeSpan.Zero, MaxTransactionsPerCustomer = 100 };
    private int _next;

    private EnrichedTransaction Tx(string customer, decimal amount, DateTimeOffset at) => new()
    {
        TransactionId = "tx" + Interlocked.Increment(ref _next),
        EventTime = at,
        Amount = amount,
        Merchant = "m",
        CustomerId = customer,
        CardId = "card_" + customer,
        Category = "FOOD_AND_DRINK",
        AgeBand = "40-49",
    };

    [Fact]
    public void Restore_MidWindow_TheNewOwnerHandsInTheWholeWindow()
    {
        var before = new ShardReleaseState(s_options, continual: true);
        Assert.Empty(before.Observe("shard-0", [Tx("c1", 10, s_day.AddHours(1)), Tx("c2", 20, s_day.AddHours(2))], hold: false).Windows);
        var after = new ShardReleaseState(s_options, continual: true);
        after.Restore(before.Capture());

        ReleaseHandIn handIn = after.Observe("shard-0", [Tx("c1", 5, s_day.AddHours(3)), Tx("c3", 1, s_day.AddDays(1).AddHours(1))], hold: false);

        WindowPartial window = Assert.Single(handIn.Windows);
        int food = ReleaseCategories.IndexOf("FOOD_AND_DRINK");
        Assert.Equal((s_day.UtcTicks, 3L, 3_500L), (window.StartTicks, window.Counts[food], window.Cents[food]));
        Assert.Equal(s_day.AddDays(1).UtcTicks, handIn.PassedThroughTicks);
        // The continual step of that day is handed in whole too: three transactions of two people (each once in the segments).
        StepPartial step = Assert.Single(handIn.Steps);
        Assert.Equal(3, step.Values[food]);
        Assert.Equal(2, step.Values.Skip(3 * ReleaseCategories.All.Count).Sum());
    }

    [Fact]
    public void Observe_RestoredFromAParentShard_ParentsOpenWindowDroppedNeverHandedInTwice()
    {
        var parent = new ShardReleaseState(s_options, continual: false);
        parent.Observe("shard-0", [Tx("c1", 10, s_day.AddHours(1))], hold: false);
        byte[] saved = parent.Capture();
        var child = new ShardReleaseState(s_options, continual: false);
        child.Restore(saved);

        ReleaseHandIn handIn = child.Observe("shard-1", [Tx("c2", 7, s_day.AddHours(5)), Tx("c2", 1, s_day.AddDays(1).AddHours(1))], hold: false);

        int food = ReleaseCategories.IndexOf("FOOD_AND_DRINK");
        WindowPartial window = Assert.Single(handIn.Windows);
        Assert.Equal((1L, 700L), (window.Counts[food], window.Cents[food]));
    }
}
