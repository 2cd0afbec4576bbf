using System.Buffers.Binary;
using System.Text;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Processor.Tests.State;

/// <summary>
/// The correction ledger saves its entries in pages of about a minute of event time: a save writes the
/// pages that changed and removes the pages left empty, and a page restores every entry it holds.
/// </summary>
public sealed class LedgerPagesTests
{
    private const byte PageKind = 3;
    private static readonly long s_start = new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc).Ticks & ~((1L << 29) - 1);

    private static Contribution At(long ticks, decimal amount, string customer = "c1") => new(ticks, amount, customer, "Food", 3);

    [Fact]
    public void WriteItems_EntriesOfOnePage_OneItemRewrittenWhole_AndRemovedWhenEmpty()
    {
        var ledger = new ContributionLedger(TimeSpan.FromDays(30), 1000);
        ledger.Set("a", At(s_start, 1m));
        ledger.Set("b", At(s_start + TimeSpan.FromSeconds(10).Ticks, 2m));
        ledger.Set("c", At(s_start + TimeSpan.FromMinutes(10).Ticks, 3m));

        StateItems first = Capture(ledger, all: true);
        Assert.Equal(2, first.UpsertCount);

        // One entry of the first page changes: that page is written again with both of its entries.
        ledger.Set("a", At(s_start, 5m));
        StateItems second = Capture(ledger);
        Assert.Equal(1, second.UpsertCount);
        Assert.Equal(0, second.RemovedCount);
        Assert.Equal(2 * 44, second.UpsertAt(0).Data.Length);
        Assert.Equal(first.UpsertAt(0).Key, second.UpsertAt(0).Key);

        // Both entries of the first page go: the page is removed, the other one is not touched.
        Assert.True(ledger.Remove("a", out _));
        Assert.True(ledger.Remove("b", out _));
        StateItems third = Capture(ledger);
        Assert.Equal(0, third.UpsertCount);
        Assert.Equal(1, third.RemovedCount);
        Assert.Equal((PageKind, first.UpsertAt(0).Key), third.RemovedAt(0));

        Assert.Equal(0, Capture(ledger).ChangedItems);
    }

    [Fact]
    public void ReadItems_Pages_RestoreEveryEntryAndTheEvictionOrder()
    {
        var ledger = new ContributionLedger(TimeSpan.FromDays(30), 5);
        foreach (int i in Enumerable.Range(0, 5))
        {
            ledger.Set("tx-" + i, At(s_start + TimeSpan.FromSeconds(20 * i).Ticks, 10m + i, "c" + (i % 2)));
        }

        StateItems items = Capture(ledger, all: true);
        var restored = new ContributionLedger(TimeSpan.FromDays(30), 5);
        restored.ReadItems(Names(ledger), Items(items));

        Assert.Equal(ledger.Entries(), restored.Entries());

        // One more entry over the cap evicts the oldest in both.
        ledger.Set("tx-5", At(s_start + TimeSpan.FromMinutes(5).Ticks, 1m));
        restored.Set("tx-5", At(s_start + TimeSpan.FromMinutes(5).Ticks, 1m));
        ledger.Evict(long.MinValue);
        restored.Evict(long.MinValue);
        Assert.False(restored.Contains("tx-0"));
        Assert.Equal(ledger.Entries(), restored.Entries());
    }

    [Fact]
    public void ReadItems_OneItemPerEntryOfAnEarlierVersion_RestoresAndTheNextSaveWritesEveryPage()
    {
        var ledger = new ContributionLedger(TimeSpan.FromDays(30), 1000);
        foreach (int i in Enumerable.Range(0, 6))
        {
            ledger.Set("tx-" + i, At(s_start + TimeSpan.FromSeconds(30 * i).Ticks, 10m + i));
        }

        // The earlier format: one item per entry, keyed by the transaction's key, its 36 bytes.
        List<StateItem> legacy = [];
        foreach (StateItem page in Items(Capture(ledger, all: true)))
        {
            for (int at = 0; at < page.Data.Length; at += 44)
            {
                legacy.Add(new StateItem(1, BinaryPrimitives.ReadInt64LittleEndian(page.Data.AsSpan(at)), page.Data.AsSpan(at + 8, 36).ToArray()));
            }
        }

        var restored = new ContributionLedger(TimeSpan.FromDays(30), 1000);
        restored.ReadItems(Names(ledger), [], legacy);

        Assert.Equal(ledger.Entries(), restored.Entries());
        Assert.False(restored.Tracking);
        StateItems next = Capture(restored);
        Assert.Equal(Items(Capture(ledger, all: true)).Select(Text), Items(next).Select(Text));
    }

    private static StateItems Capture(ContributionLedger ledger, bool all = false)
    {
        var items = new StateItems(full: all);
        ledger.WriteItems(items, PageKind, all);
        return items;
    }

    private static List<StateItem> Items(StateItems items) =>
        [.. Enumerable.Range(0, items.UpsertCount).Select(items.UpsertAt).Select(u => new StateItem(u.Kind, u.Key, u.Data.ToArray())).OrderBy(i => i.Key)];

    private static string Text(StateItem item) => $"{item.Kind}/{item.Key}/{Convert.ToHexString(item.Data)}";

    private static BinaryReader Names(ContributionLedger ledger)
    {
        var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            ledger.WriteNames(writer);
        }

        buffer.Position = 0;
        return new BinaryReader(buffer, Encoding.UTF8);
    }
}
