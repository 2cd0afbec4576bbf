using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Model;
using StreamGuard.Core.Plaid;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Producer.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidSyncToStreamTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sg-plaid-stream-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SyncRounds_IntoEmbeddedStream_KeepAccountOrderAndNetToCorrectedTotals()
    {
        await using var host = new PlaidTestHost(pageSize: 4);
        FakePlaidItem item = host.Server.AddItem()
            .Add(FakePlaidItem.Transaction("a1", "acc-a", 10.00m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("a2", "acc-a", 20.00m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("b1", "acc-b", 5.55m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("pa", "acc-a", 7.25m, "2024-03-02", pending: true))
            .Add(FakePlaidItem.Transaction("b2", "acc-b", 100.00m, "2024-03-02"));
        using var store = new PlaidItemStore(Path.Combine(_directory, "items.json"), new PlaidTokenProtector(new byte[32]), TimeProvider.System);
        await store.SaveItemAsync(item.ItemId, null, item.AccessToken, CancellationToken.None).Within();
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 4 });
        var committer = new StreamPlaidSyncCommitter(stream, store, new PlaidDeadLetterFile(Path.Combine(_directory, "dl.ndjson")), TimeProvider.System, NullLogger<StreamPlaidSyncCommitter>.Instance);
        var runner = new PlaidSyncRunner(host.Syncer, host.Client, store, committer, TimeProvider.System, NullLogger<PlaidSyncRunner>.Instance);

        await runner.SyncOnceAsync(null, refresh: false, CancellationToken.None).Within();
        item.Modify(FakePlaidItem.Transaction("a2", "acc-a", 18.00m, "2024-03-01"));
        item.Remove("b2", "acc-b");
        item.Add(FakePlaidItem.Transaction("a3", "acc-a", 7.50m, "2024-03-03", pendingTransactionId: "pa"));
        IReadOnlyList<PlaidSyncOutcome> second = await runner.SyncOnceAsync(null, refresh: false, CancellationToken.None).Within();

        Assert.True(Assert.Single(second).Succeeded);
        Dictionary<string, List<TransactionEvent>> byAccount = (await ReadAllAsync(stream)).GroupBy(e => e.AccountId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(
            ["a1/Added", "a2/Added", "pa/Added", "pa/Removed", "a3/Added", "a2/Modified"],
            byAccount["acc-a"].Select(e => $"{e.TransactionId}/{e.Change}"));
        Assert.Equal(["b1/Added", "b2/Added", "b2/Removed"], byAccount["acc-b"].Select(e => $"{e.TransactionId}/{e.Change}"));
        Assert.Equal(10.00m + 18.00m + 7.50m, NetByTransaction(byAccount["acc-a"]));
        Assert.Equal(5.55m, NetByTransaction(byAccount["acc-b"]));
        Assert.Equal("done:9", (await store.ListAsync(CancellationToken.None).Within())[0].Cursor);
    }

    private static async Task<List<TransactionEvent>> ReadAllAsync(EmbeddedStream stream)
    {
        var events = new List<TransactionEvent>();
        foreach (ShardDescription shard in await stream.ListShardsAsync(CancellationToken.None).Within())
        {
            string iterator = await stream.GetShardIteratorAsync(shard.ShardId, ShardPosition.TrimHorizon, CancellationToken.None).Within();
            GetRecordsResult page = await stream.GetRecordsAsync(iterator, StreamLimits.MaxRecordsPerGet, CancellationToken.None).Within();
            events.AddRange(page.Records.Select(r => JsonSerializer.Deserialize(r.Data.Span, CoreJsonContext.Default.TransactionEvent)!));
        }

        return events;
    }

    /// <summary>The consumer rule docs/plaid.md gives: latest values per transaction id, removals dropped.</summary>
    private static decimal NetByTransaction(IEnumerable<TransactionEvent> events)
    {
        var current = new Dictionary<string, decimal>();
        foreach (TransactionEvent e in events)
        {
            if (e.Change == ChangeKind.Removed)
            {
                current.Remove(e.TransactionId);
            }
            else
            {
                current[e.TransactionId] = e.Amount;
            }
        }

        return current.Values.Sum();
    }
}
