using System.IO.Compression;
using System.Text;
using StreamGuard.Core.Model;
using StreamGuard.Insight.Budgets;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline.State;
using StreamGuard.Processor.Tests.Contracts;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Runtime.Sinks.Sqlite;

using static StreamGuard.Processor.Tests.State.StateItemsTestKit;

namespace StreamGuard.Processor.Tests.State;

/// <summary>Incremental state saves: only changed items are written, and base + deltas restore the live state.</summary>
public sealed class IncrementalStateTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly TempSqliteFolders _folders = new();

    [Fact]
    public void CaptureItems_AfterChanges_WritesOnlyTheChangedItems()
    {
        var stage = new BudgetStage(new BudgetOptions()) { Incremental = true };
        stage.Process(Tx.Batch("s", 1, [.. Enumerable.Range(0, 40).Select(i => Spend(i, "c" + (i % 4)))]));

        StateItems first = stage.CaptureItems();
        Assert.True(first.Full);
        Assert.Equal(40 + 4, first.UpsertCount); // 40 ledger pages (spends a minute apart), 4 standings

        // Three new spends of c1 and the removal of c0's first transaction.
        stage.Process(Tx.Batch("s", 41, Spend(40, "c1"), Spend(41, "c1"), Spend(42, "c1"), Tx.Make("tx-0", Start, 1m, customer: "c0", change: ChangeKind.Removed)));
        StateItems second = stage.CaptureItems();
        Assert.False(second.Full);
        Assert.Equal(3 + 2, second.UpsertCount); // 3 ledger pages, the standings of c1 and c0
        Assert.Equal(1, second.RemovedCount); // the page tx-0 was alone in
        Assert.True(second.Bytes < first.Bytes / 4, $"a delta of 6 items wrote {second.Bytes} bytes, the full capture {first.Bytes}");

        StateItems third = stage.CaptureItems();
        Assert.Equal(0, third.ChangedItems);
    }

    [Fact]
    public async Task RestoreItems_FromBaseAndDeltas_EqualsTheLiveState()
    {
        // Small ledgers, so evictions (removed items) happen between saves.
        var windowOptions = new WindowOptions { MaxTrackedTransactions = 30 };
        var budgetOptions = new BudgetOptions { MaxTrackedTransactions = 30 };
        var windows = new WindowStage(windowOptions) { Incremental = true };
        var budgets = new BudgetStage(budgetOptions) { Incremental = true };
        string dir = _folders.New();
        using (SqliteStore db = _folders.Open(dir))
        {
            var store = new SqliteStateStore(db);
            int next = 0;
            for (int round = 0; round < 5; round++)
            {
                List<EnrichedTransaction> txs = [.. Enumerable.Range(next, 17).Select(i => Spend(i, "c" + (i % 5)))];
                next += 17;
                if (round > 0)
                {
                    // A correction and a removal of what the previous round added.
                    txs.Add(Tx.Make("tx-" + (next - 20), Start.AddMinutes(next - 20), 99m, customer: "c" + ((next - 20) % 5), change: ChangeKind.Modified));
                    txs.Add(Tx.Make("tx-" + (next - 19), Start.AddMinutes(next - 19), 1m, customer: "c" + ((next - 19) % 5), change: ChangeKind.Removed));
                }

                var batch = Tx.Batch("s", (round * 100) + 1, [.. txs]);
                windows.Process(batch);
                budgets.Process(batch);
                List<StageState> states = [Captured(windows), Captured(budgets)];
                Assert.Equal(round == 0, states.All(s => s.Items!.Full));
                await store.SaveAsync(new StateCheckpoint(new Dictionary<string, string> { ["s"] = "1" }, states, Start), CancellationToken.None).WaitAsync(s_timeout);
            }
        }

        using SqliteStore reopened = _folders.Open(dir);
        StateCheckpoint saved = (await new SqliteStateStore(reopened).LoadAsync(CancellationToken.None).WaitAsync(s_timeout))!;
        var windowsBack = new WindowStage(windowOptions);
        var budgetsBack = new BudgetStage(budgetOptions);
        foreach ((StageState state, IIncrementalState stage) in saved.Stages.Zip<StageState, IIncrementalState>([windowsBack, budgetsBack]))
        {
            Assert.Equal(stage.StateName, state.Name);
            stage.RestoreItems(state.Data, state.LoadItems!(), streamContinues: true);
        }

        // Open cells come back as items, so in another dictionary order than the live one: compare them sorted.
        Assert.Equal(CellsText(windows.Aggregator.Snapshot()), CellsText(windowsBack.Aggregator.Snapshot()));
        Assert.Equal(windows.Aggregator.Snapshot().Contributions, windowsBack.Aggregator.Snapshot().Contributions);
        Assert.Equal(windows.Aggregator.TrackedTransactions, windowsBack.Aggregator.TrackedTransactions);
        Assert.Equal(FullItems(budgets.Tracker), FullItems(budgetsBack.Tracker));
        Assert.Equal(FullItems(windows.Aggregator), FullItems(windowsBack.Aggregator));
    }

    [Fact]
    public void Restore_WholeStateOfAnEarlierVersion_RestoresAndTheNextSaveWritesEveryItem()
    {
        var budgets = new BudgetStage(new BudgetOptions());
        budgets.Process(Tx.Batch("s", 1, [.. Enumerable.Range(0, 10).Select(i => Spend(i, "c" + (i % 2)))]));

        // Format 1: every stage's state whole, no kind byte (what earlier versions saved).
        StateCheckpoint old = StateCheckpoint.FromBytes(FormatOne(budgets.StateName, budgets.CaptureState()));
        Assert.Null(old.Stages[0].LoadItems);

        var restored = new BudgetStage(new BudgetOptions()) { Incremental = true };
        restored.RestoreState(old.Stages[0].Data, streamContinues: true);
        StateItems next = restored.CaptureItems();
        Assert.True(next.Full);
        Assert.Equal(10 + 2, next.UpsertCount);
        Assert.Equal(budgets.CaptureState(), restored.CaptureState());
    }

    public void Dispose() => _folders.Dispose();

    /// <summary>Every item of a full capture as comparable text, in key order, with the head.</summary>
    private static List<string> FullItems(IItemState model)
    {
        var items = new StateItems(full: true);
        using var head = new MemoryStream();
        using (var writer = new BinaryWriter(head, Encoding.UTF8, leaveOpen: true))
        {
            model.CaptureItems(items, writer);
        }

        List<string> all = [.. Enumerable.Range(0, items.UpsertCount).Select(i => items.UpsertAt(i)).Select(u => $"{u.Kind}/{u.Key}/{Convert.ToHexString(u.Data.Span)}").Order(StringComparer.Ordinal)];
        all.Insert(0, Convert.ToHexString(head.ToArray()));
        return all;
    }

    private static byte[] FormatOne(string name, byte[] data)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true), Encoding.UTF8))
        {
            writer.Write(0x53475343);
            writer.Write(1);
            writer.Write(Start.UtcTicks);
            writer.Write(0);
            writer.Write(1);
            writer.Write(name);
            writer.Write(data.Length);
            writer.Write(data);
        }

        return stream.ToArray();
    }
}
