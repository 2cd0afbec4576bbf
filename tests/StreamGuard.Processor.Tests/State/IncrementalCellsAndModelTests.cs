using System.Text;
using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Insight.Categorization;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Contracts;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Runtime.Sinks.Sqlite;

using static StreamGuard.Processor.Tests.State.StateItemsTestKit;

namespace StreamGuard.Processor.Tests.State;

/// <summary>Open window cells and the merchant model's rows as keyed items: a save writes what changed, and base + deltas restore the live state.</summary>
public sealed class IncrementalCellsAndModelTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly TempSqliteFolders _folders = new();

    [Fact]
    public void CaptureItems_WindowsAfterOneSpend_WritesOnlyThatSpendsCellsAndEntry()
    {
        var stage = new WindowStage(new WindowOptions()) { Incremental = true };
        stage.Process(Tx.Batch("s", 1, [.. Enumerable.Range(0, 40).Select(i => Spend(i, "c" + (i % 8)))]));
        StateItems first = stage.CaptureItems();
        Assert.True(first.Full);
        Assert.True(Cells(first) > 8, $"the full capture held {Cells(first)} cells");

        // One spend of an existing customer, same minute as the last: its customer-day cell and the
        // category's minute, hour, day and month cells change, and its ledger entry is new.
        stage.Process(Tx.Batch("s", 41, Spend(39, "c7", id: "tx-new")));
        StateItems second = stage.CaptureItems();
        Assert.False(second.Full);
        Assert.Equal(5, Cells(second));
        Assert.Equal(6, second.UpsertCount);
        Assert.True(second.Head.Length < 400, $"the head of a delta was {second.Head.Length} bytes");

        Assert.Equal(0, stage.CaptureItems().ChangedItems);
    }

    [Fact]
    public void CaptureItems_WindowsClosed_RemovesTheirCells()
    {
        var stage = new WindowStage(new WindowOptions()) { Incremental = true };
        stage.Process(Tx.Batch("s", 1, Spend(0, "c1")));
        _ = stage.CaptureItems();

        // Three hours later: the first minute and hour windows (1 hour of lateness) have closed.
        stage.Process(Tx.Batch("s", 2, Spend(180, "c1")));
        StateItems next = stage.CaptureItems();
        Assert.Equal(2, next.RemovedCount);
        Assert.All(Enumerable.Range(0, next.RemovedCount), i => Assert.Equal(2, next.RemovedAt(i).Kind));
    }

    [Fact]
    public async Task RestoreItems_WindowsAndModelFromBaseAndDeltas_EqualTheLiveState()
    {
        var windowOptions = new WindowOptions { MaxTrackedTransactions = 30 };
        var windows = new WindowStage(windowOptions) { Incremental = true };
        var model = new MerchantCategorizer(new MerchantCategorizerOptions());
        string dir = _folders.New();
        using (SqliteStore db = _folders.Open(dir))
        {
            var store = new SqliteStateStore(db);
            int next = 0;
            for (int round = 0; round < 5; round++)
            {
                // Minutes apart over hours, so minute and hour windows close between saves.
                List<EnrichedTransaction> txs = [.. Enumerable.Range(next, 17).Select(i => Spend(i * 7, "c" + (i % 5), id: "tx-" + i))];
                next += 17;
                windows.Process(Tx.Batch("s", (round * 100) + 1, [.. txs]));
                foreach (EnrichedTransaction t in txs)
                {
                    model.Learn("Merchant " + (t.Amount % 13), BudgetCategory.FoodAndDrink);
                }

                StateItems modelItems = Capture(model);
                Assert.Equal(round == 0, modelItems.Full);
                List<StageState> states = [Captured(windows), new StageState("categorizer", modelItems.Head) { Items = modelItems }];
                await store.SaveAsync(new StateCheckpoint(new Dictionary<string, string> { ["s"] = "1" }, states, Start), CancellationToken.None).WaitAsync(s_timeout);
            }
        }

        using SqliteStore reopened = _folders.Open(dir);
        StateCheckpoint saved = (await new SqliteStateStore(reopened).LoadAsync(CancellationToken.None).WaitAsync(s_timeout))!;
        var windowsBack = new WindowStage(windowOptions);
        windowsBack.RestoreItems(saved.Stages[0].Data, saved.Stages[0].LoadItems!(), streamContinues: true);
        var modelBack = new MerchantCategorizer(new MerchantCategorizerOptions());
        using (var head = new BinaryReader(new MemoryStream(saved.Stages[1].Data), Encoding.UTF8))
        {
            ((IItemState)modelBack).RestoreItems(head, saved.Stages[1].LoadItems!());
        }

        Assert.True(windows.Aggregator.OpenWindowCount > 0);
        Assert.Equal(CellsText(windows.Aggregator.Snapshot()), CellsText(windowsBack.Aggregator.Snapshot()));
        Assert.Equal(windows.Aggregator.Snapshot().Contributions, windowsBack.Aggregator.Snapshot().Contributions);
        Assert.Equal(windows.Aggregator.Watermark, windowsBack.Aggregator.Watermark);
        Assert.Equal(Saved(model), Saved(modelBack));
        Assert.Equal(model.Predict("Merchant 3"), modelBack.Predict("Merchant 3"));
    }

    [Fact]
    public void RestoreItems_WindowHeadWithCellsOfAnEarlierVersion_RestoresAndTheNextSaveWritesEveryCell()
    {
        var live = new WindowAggregator(new WindowOptions());
        var late = new List<LateEvent>();
        foreach (int i in Enumerable.Range(0, 12))
        {
            live.Apply(Spend(i, "c" + (i % 3)), "s", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), late);
        }

        live.Flush([]);

        // The earlier itemised head held every open cell, then the ledger's names; the ledger's entries were items
        // (kind 3, its pages, as this version writes them: the earlier one-item-per-entry ledger is LedgerPagesTests').
        // The whole state starts with exactly that (the rest, the ledger's entries, is not read from a head).
        using var whole = new MemoryStream();
        using (var writer = new BinaryWriter(whole, Encoding.UTF8, leaveOpen: true))
        {
            live.WriteState(writer);
        }

        var current = new StateItems(full: true);
        using (var head = new BinaryWriter(new MemoryStream(), Encoding.UTF8))
        {
            ((IItemState)live).CaptureItems(current, head);
        }

        List<StateItem> ledgerItems = [.. Enumerable.Range(0, current.UpsertCount).Select(current.UpsertAt).Where(u => u.Kind == 3).Select(u => new StateItem(u.Kind, u.Key, u.Data.ToArray()))];
        var restored = new WindowAggregator(new WindowOptions());
        using (var reader = new BinaryReader(new MemoryStream(whole.ToArray()), Encoding.UTF8))
        {
            ((IItemState)restored).RestoreItems(reader, ledgerItems);
        }

        Assert.Equal(CellsText(live.Snapshot()), CellsText(restored.Snapshot()));
        Assert.Equal(live.Snapshot().Contributions, restored.Snapshot().Contributions);
        var next = new StateItems(full: false);
        using (var head = new BinaryWriter(new MemoryStream(), Encoding.UTF8))
        {
            ((IItemState)restored).CaptureItems(next, head);
        }

        Assert.True(next.Full);
        Assert.Equal(CellsText(live.Snapshot()).Count, Cells(next));
    }

    [Fact]
    public void CaptureItems_ModelAfterOneExample_WritesOnlyTheRowsItTouched()
    {
        // Fifty merchants of unrelated letters: their n-grams fill some thousand rows.
        var random = new Random(7);
        List<string> merchants = [.. Enumerable.Range(0, 50).Select(_ => new string([.. Enumerable.Range(0, 14).Select(_ => (char)('a' + random.Next(26)))]))];
        var model = new MerchantCategorizer(new MerchantCategorizerOptions());
        foreach ((string merchant, int i) in merchants.Select((m, i) => (m, i)))
        {
            model.Learn(merchant, i % 2 == 0 ? BudgetCategory.FoodAndDrink : BudgetCategory.Transportation);
        }

        StateItems first = Capture(model);
        Assert.True(first.Full);
        Assert.True(first.UpsertCount > 500, $"the full capture wrote {first.UpsertCount} rows");
        model.Learn(merchants[7], BudgetCategory.FoodAndDrink);
        StateItems second = Capture(model);
        Assert.False(second.Full);
        Assert.InRange(second.UpsertCount, 1, 64);
        Assert.True(second.Bytes < first.Bytes / 10, $"a one-example delta wrote {second.Bytes} bytes, the full capture {first.Bytes}");
        using var whole = new MemoryStream();
        model.Save(whole);
        Assert.True(first.Bytes < whole.Length / 10, $"the full capture wrote {first.Bytes} bytes of non-zero rows, the dense table is {whole.Length}");
    }

    [Fact]
    public void Load_SavedModel_EqualsTheModelSaved()
    {
        var model = new MerchantCategorizer(new MerchantCategorizerOptions());
        foreach (int i in Enumerable.Range(0, 30))
        {
            model.Learn("Grocer " + i, BudgetCategory.FoodAndDrink);
        }

        byte[] bytes = Saved(model);
        var loaded = new MerchantCategorizer(new MerchantCategorizerOptions());
        loaded.Load(new MemoryStream(bytes));
        Assert.Equal(bytes, Saved(loaded));
        Assert.Equal(model.Predict("Grocer 4"), loaded.Predict("Grocer 4"));
    }

    public void Dispose() => _folders.Dispose();

    private static int Cells(StateItems items) => Enumerable.Range(0, items.UpsertCount).Count(i => items.UpsertAt(i).Kind == 2);

    private static StateItems Capture(MerchantCategorizer model)
    {
        var items = new StateItems(full: false);
        using var head = new MemoryStream();
        using (var writer = new BinaryWriter(head, Encoding.UTF8, leaveOpen: true))
        {
            ((IItemState)model).CaptureItems(items, writer);
        }

        items.Head = head.ToArray();
        return items;
    }

    private static byte[] Saved(MerchantCategorizer model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}
