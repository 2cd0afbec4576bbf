using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core.Ingestion.Plaid;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;
using StreamGuard.Plaid;
using StreamGuard.Plaid.Sync;
using StreamGuard.Producer.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class StreamPlaidSyncCommitterTests : IDisposable
{
    private static readonly string s_key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly string _directory = Directory.CreateTempSubdirectory("sg-plaid-commit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task CommitAsync_SomeEntriesFailOnce_RetriesOnlyThoseThenSavesCursor()
    {
        using PlaidItemStore store = await StoreWithItemAsync();
        var producer = new FlakyProducer(failFirstPutAt: [1]);
        var committer = new StreamPlaidSyncCommitter(producer, store, new PlaidDeadLetterFile(Path.Combine(_directory, "dl.ndjson")), TimeProvider.System, NullLogger<StreamPlaidSyncCommitter>.Instance, TimeSpan.FromMilliseconds(1));

        await committer.CommitAsync(Batch("done:3", Event("t1", "acc-1"), Event("t2", "acc-2"), Event("t3", "acc-1")), CancellationToken.None).Within();

        Assert.Equal(["t1", "t3", "t2"], producer.Delivered.Select(d => d.TransactionId));
        Assert.Equal(["acc-1", "acc-1", "acc-2"], producer.Delivered.Select(d => d.Key));
        Assert.Equal("done:3", Assert.Single(await store.ListAsync(CancellationToken.None).Within()).Cursor);
    }

    [Fact]
    public async Task CommitAsync_OnePersonsAccounts_KeyedByThePersonSoTheyShareAShard()
    {
        using PlaidItemStore store = await StoreWithItemAsync();
        var producer = new FlakyProducer(failFirstPutAt: []);
        var committer = new StreamPlaidSyncCommitter(producer, store, new PlaidDeadLetterFile(Path.Combine(_directory, "dl.ndjson")), TimeProvider.System, NullLogger<StreamPlaidSyncCommitter>.Instance, TimeSpan.FromMilliseconds(1));
        CustomerIdentity person = PlaidTransactionMapper.PersonOf("item-1", "user-7");

        await committer.CommitAsync(Batch("done:2", Event("t1", "acc-1") with { Customer = person }, Event("t2", "acc-2") with { Customer = person }), CancellationToken.None).Within();

        // The privacy unit is the person: both accounts go under one key, hence to one shard.
        Assert.Equal(["plaid-user:user-7", "plaid-user:user-7"], producer.Delivered.Select(d => d.Key));
    }

    [Fact]
    public async Task CommitAsync_StreamKeepsFailing_ThrowsAndLeavesCursorUnsaved()
    {
        using PlaidItemStore store = await StoreWithItemAsync();
        var producer = new FlakyProducer(failFirstPutAt: [], failAlways: true);
        var committer = new StreamPlaidSyncCommitter(producer, store, new PlaidDeadLetterFile(Path.Combine(_directory, "dl.ndjson")), TimeProvider.System, NullLogger<StreamPlaidSyncCommitter>.Instance, TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<PlaidDeliveryException>(() => committer.CommitAsync(Batch("done:1", Event("t1", "acc-1")), CancellationToken.None)).Within();

        Assert.Contains("cursor was not saved", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(await store.ListAsync(CancellationToken.None).Within()).Cursor);
    }

    [Fact]
    public async Task CommitAsync_WithDeadLetters_WritesThemWithReasonBeforeSavingCursor()
    {
        using PlaidItemStore store = await StoreWithItemAsync();
        string path = Path.Combine(_directory, "dl.ndjson");
        var committer = new StreamPlaidSyncCommitter(new FlakyProducer([]), store, new PlaidDeadLetterFile(path), TimeProvider.System, NullLogger<StreamPlaidSyncCommitter>.Instance, TimeSpan.FromMilliseconds(1));
        var deadLetter = new DeadLetter("plaid:item:item-1", "sync page 1 added[0]", "read", "amount is missing", "{\"transaction_id\":\"bad\"}");

        await committer.CommitAsync(new PlaidSyncBatch("item-1", null, "done:1", [], [deadLetter]), CancellationToken.None).Within();

        DeadLetter stored = JsonSerializer.Deserialize(Assert.Single(await File.ReadAllLinesAsync(path).Within()), CoreJsonContext.Default.DeadLetter)!;
        Assert.Equal(deadLetter, stored);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal("done:1", Assert.Single(await store.ListAsync(CancellationToken.None).Within()).Cursor);
    }

    private async Task<PlaidItemStore> StoreWithItemAsync()
    {
        var store = new PlaidItemStore(Path.Combine(_directory, "items.json"), PlaidTokenProtector.FromEnvironment(_ => s_key), TimeProvider.System);
        await store.SaveItemAsync("item-1", "ins_109508", "access-sandbox-abc", CancellationToken.None).Within();
        return store;
    }

    private static PlaidSyncBatch Batch(string cursor, params TransactionEvent[] events) => new("item-1", null, cursor, events, []);

    private static TransactionEvent Event(string id, string account) => new()
    {
        TransactionId = id,
        AccountId = account,
        Amount = 1m,
        EventTime = DateTimeOffset.UnixEpoch,
        Merchant = "m",
        Source = TransactionSource.Plaid,
    };

    /// <summary>Fails the entries at the given indexes of the first put (or every entry of every put).</summary>
    private sealed class FlakyProducer(int[] failFirstPutAt, bool failAlways = false) : IStreamProducer
    {
        private int _puts;

        public List<(string Key, string TransactionId)> Delivered { get; } = [];

        public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> records, CancellationToken cancellationToken)
        {
            bool first = _puts++ == 0;
            var results = new List<PutRecordResult>();
            for (int i = 0; i < records.Count; i++)
            {
                if (failAlways || (first && failFirstPutAt.Contains(i)))
                {
                    results.Add(new PutRecordResult(null, null, "ProvisionedThroughputExceededException", "slow down"));
                    continue;
                }

                TransactionEvent e = JsonSerializer.Deserialize(records[i].Data.Span, CoreJsonContext.Default.TransactionEvent)!;
                Delivered.Add((records[i].PartitionKey, e.TransactionId));
                results.Add(new PutRecordResult("shard-0", _puts.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return Task.FromResult(new PutRecordsResult(results));
        }
    }
}
