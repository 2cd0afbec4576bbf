using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Streaming;
using StreamGuard.Plaid;
using StreamGuard.Plaid.Sync;
using StreamGuard.Producer.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>
/// A linked item with two accounts (one pending transaction) and a sync runner into a stream, so a
/// test can sync, change the item (modify, remove, post the pending one) and sync again.
/// </summary>
internal sealed class PlaidCorrectionScenario : IDisposable
{
    private PlaidCorrectionScenario(FakePlaidItem item, PlaidItemStore store, PlaidSyncRunner runner)
    {
        Item = item;
        Store = store;
        Runner = runner;
    }

    public FakePlaidItem Item { get; }

    public PlaidItemStore Store { get; }

    public PlaidSyncRunner Runner { get; }

    public static async Task<PlaidCorrectionScenario> StartAsync(PlaidTestHost host, string directory, IStreamProducer target)
    {
        FakePlaidItem item = host.Server.AddItem()
            .Add(FakePlaidItem.Transaction("a1", "acc-a", 10.00m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("a2", "acc-a", 20.00m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("b1", "acc-b", 5.55m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("pa", "acc-a", 7.25m, "2024-03-02", pending: true))
            .Add(FakePlaidItem.Transaction("b2", "acc-b", 100.00m, "2024-03-02"));
        var store = new PlaidItemStore(Path.Combine(directory, "items.json"), new PlaidTokenProtector(new byte[32]), TimeProvider.System);
        await store.SaveItemAsync(item.ItemId, null, item.AccessToken, CancellationToken.None).Within();
        var committer = new StreamPlaidSyncCommitter(target, store, new PlaidDeadLetterFile(Path.Combine(directory, "dl.ndjson")), TimeProvider.System, NullLogger<StreamPlaidSyncCommitter>.Instance);
        return new PlaidCorrectionScenario(item, store, new PlaidSyncRunner(host.Syncer, host.Client, store, committer, TimeProvider.System, NullLogger<PlaidSyncRunner>.Instance));
    }

    /// <summary>a2 modified to 18.00, b2 removed, the pending pa posted as a3 for <paramref name="postedAmount"/>.</summary>
    public void Correct(decimal postedAmount)
    {
        Item.Modify(FakePlaidItem.Transaction("a2", "acc-a", 18.00m, "2024-03-01"));
        Item.Remove("b2", "acc-b");
        Item.Add(FakePlaidItem.Transaction("a3", "acc-a", postedAmount, "2024-03-03", pendingTransactionId: "pa"));
    }

    public Task<IReadOnlyList<PlaidSyncOutcome>> SyncAsync() => Runner.SyncOnceAsync(null, refresh: false, CancellationToken.None).Within();

    public void Dispose() => Store.Dispose();
}
