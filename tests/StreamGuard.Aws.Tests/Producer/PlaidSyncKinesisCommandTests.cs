using System.Text.Json;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;
using StreamGuard.Producer.Tests.Plaid;

namespace StreamGuard.Aws.Tests.Producer;

/// <summary>
/// `plaid link` then `plaid sync --target kinesis --stream NAME` run as the real commands, against the
/// fake Plaid server (shared with the Producer tests) and kinesalite.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class PlaidSyncKinesisCommandTests(EmulatorFixture emulators) : IAsyncLifetime
{
    private static readonly string s_tokenKey = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("sg-plaid-kinesis-").FullName;
    private FakePlaidServer _plaid = null!;

    public Task InitializeAsync()
    {
        _plaid = FakePlaidServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _plaid.DisposeAsync();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task Sync_KinesisTarget_AddedModifiedRemovedArriveOnceByAccountAndTheCursorIsSaved()
    {
        _plaid.SeedNewItem = item => item
            .Add(FakePlaidItem.Transaction("t1", "acc-1", 12.34m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("t2", "acc-1", 56.78m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("p3", "acc-2", 9.50m, "2024-03-02", pending: true));
        using AwsClientContext context = emulators.CreateContext();
        var stream = new KinesisClient(context, "sg-plaid-" + Guid.NewGuid().ToString("N")[..10]);
        await stream.EnsureStreamAsync(2, ProducerProcess.Timeout, CancellationToken.None).WaitAsync(ProducerProcess.Timeout);
        (int linked, string itemId, string linkErrors) = await PlaidAsync("link");
        Assert.True(linked == 0, linkErrors);

        (int first, _, string firstErrors) = await PlaidAsync("sync", "--target", "kinesis", "--stream", stream.StreamName);

        Assert.True(first == 0, firstErrors);
        Assert.Contains("3 added, 0 modified, 0 removed", firstErrors, StringComparison.Ordinal);
        Assert.Equal("done:3", await StoredCursorAsync());

        FakePlaidItem item = Assert.Single(_plaid.Items);
        Assert.Equal(item.ItemId, itemId.Trim());
        item.Modify(FakePlaidItem.Transaction("t1", "acc-1", 13.34m, "2024-03-01"));
        item.Remove("t2", "acc-1");
        item.Add(FakePlaidItem.Transaction("t3", "acc-2", 9.75m, "2024-03-03", pendingTransactionId: "p3"));

        (int second, _, string secondErrors) = await PlaidAsync("sync", "--target", "kinesis", "--stream", stream.StreamName);
        (int third, _, string thirdErrors) = await PlaidAsync("sync", "--target", "kinesis", "--stream", stream.StreamName);

        Assert.True(second == 0, secondErrors);
        Assert.True(third == 0, thirdErrors);
        Assert.Contains("0 added, 0 modified, 0 removed", thirdErrors, StringComparison.Ordinal);
        Assert.Equal("done:7", await StoredCursorAsync());

        List<(string ShardId, StreamRecord Record)> records = await ProducerProcess.ReadAllAsync(stream);
        var events = records.Select(r => (r.ShardId, r.Record.PartitionKey, Event: JsonSerializer.Deserialize(r.Record.Data.Span, CoreJsonContext.Default.TransactionEvent)!)).ToList();
        Assert.Equal(
            [("p3", ChangeKind.Added), ("p3", ChangeKind.Removed), ("t1", ChangeKind.Added), ("t1", ChangeKind.Modified), ("t2", ChangeKind.Added), ("t2", ChangeKind.Removed), ("t3", ChangeKind.Added)],
            events.Select(e => (e.Event.TransactionId, e.Event.Change)).Order());
        // Keyed by the person (the Item, linked without --user-id): every account of the Item on one shard.
        Assert.All(events, e => Assert.Equal("plaid-item:" + itemId.Trim(), e.PartitionKey));
        Assert.All(events, e => Assert.Equal(TransactionSource.Plaid, e.Event.Source));
        Assert.Equal(13.34m, events.Single(e => e.Event.Change == ChangeKind.Modified).Event.Amount);
        Assert.Equal("p3", events.Single(e => e.Event.TransactionId == "t3").Event.PendingTransactionId);

        // One person's events share a shard, in the order Plaid gave them, so a correction never overtakes what it corrects.
        Assert.Single(events.Select(e => e.ShardId).Distinct());
        Assert.Equal(["t1", "t2", "t2", "t1"], events.Where(e => e.Event.AccountId == "acc-1").Select(e => e.Event.TransactionId));
    }

    [Fact]
    public async Task Sync_KinesisStreamMissing_ExitsTwoNamingTheStreamAndKeepsTheCursor()
    {
        _plaid.SeedNewItem = item => item.Add(FakePlaidItem.Transaction("t1", "acc-1", 1m, "2024-03-01"));
        Assert.Equal(0, (await PlaidAsync("link")).Exit);

        (int exit, string stdout, string stderr) = await PlaidAsync("sync", "--target", "kinesis", "--stream", "sg-plaid-no-such-stream");

        Assert.Equal(2, exit);
        Assert.Contains("'sg-plaid-no-such-stream' does not exist", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
        Assert.Empty(_plaid.RequestsTo("/transactions/sync"));
        Assert.Null(await StoredCursorAsync());
    }

    private Task<(int Exit, string Stdout, string Stderr)> PlaidAsync(params string[] args) =>
        ProducerProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["Aws__KinesisServiceUrl"] = emulators.Endpoints.Kinesis,
                ["Aws__Region"] = "us-east-1",
                ["PLAID_CLIENT_ID"] = FakePlaidServer.ClientId,
                ["PLAID_SECRET"] = FakePlaidServer.Secret,
                ["STREAMGUARD_TOKEN_KEY"] = s_tokenKey,
            },
            ["plaid", .. args, "--base-url", _plaid.BaseUrl.AbsoluteUri, "--state-dir", _stateDirectory]);

    private async Task<string?> StoredCursorAsync()
    {
        using JsonDocument stored = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_stateDirectory, "plaid-items.json")));
        return stored.RootElement.GetProperty("items")[0].TryGetProperty("cursor", out JsonElement cursor) ? cursor.GetString() : null;
    }
}
