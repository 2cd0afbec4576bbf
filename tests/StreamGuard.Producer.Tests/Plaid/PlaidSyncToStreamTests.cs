using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidSyncToStreamTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sg-plaid-stream-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SyncRounds_IntoEmbeddedStream_KeepAccountOrderAndNetToCorrectedTotals()
    {
        await using var host = new PlaidTestHost(pageSize: 4);
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 4 });
        using PlaidCorrectionScenario scenario = await PlaidCorrectionScenario.StartAsync(host, _directory, stream);

        await scenario.SyncAsync();
        scenario.Correct(postedAmount: 7.50m);
        IReadOnlyList<PlaidSyncOutcome> second = await scenario.SyncAsync();

        Assert.True(Assert.Single(second).Succeeded);
        Dictionary<string, List<TransactionEvent>> byAccount = (await ReadAllAsync(stream)).GroupBy(e => e.AccountId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(
            ["a1/Added", "a2/Added", "pa/Added", "pa/Removed", "a3/Added", "a2/Modified"],
            byAccount["acc-a"].Select(e => $"{e.TransactionId}/{e.Change}"));
        Assert.Equal(["b1/Added", "b2/Added", "b2/Removed"], byAccount["acc-b"].Select(e => $"{e.TransactionId}/{e.Change}"));
        Assert.Equal(10.00m + 18.00m + 7.50m, NetByTransaction(byAccount["acc-a"]));
        Assert.Equal(5.55m, NetByTransaction(byAccount["acc-b"]));
        Assert.Equal("done:9", (await scenario.Store.ListAsync(CancellationToken.None).Within())[0].Cursor);
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
