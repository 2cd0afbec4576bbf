using Microsoft.Data.Sqlite;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Insight.Categorization;
using StreamGuard.Pipeline.Stages;
using StreamGuard.Insight.Windows;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Sinks;

public sealed class SqliteSinkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-sqlite-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;
    private readonly SqliteSink _sink;
    private readonly TransactionAnonymizer _anonymizer;

    public SqliteSinkTests()
    {
        _store = new SqliteStore(_dir);
        var key = PseudonymKey.FromBase64(Convert.ToBase64String(new byte[32]), "test");
        _sink = new SqliteSink(_store, new DeadLetterProtector(SealingKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()), "test")), TimeProvider.System, new WindowOptions());
        _anonymizer = new TransactionAnonymizer(new Pseudonymizer(key), new PrivacyOptions());
    }

    /// <summary>Items numbered like shard sequence numbers, run through the real stages that fill a batch.</summary>
    private RecordBatch Batch(int from, int toExclusive)
    {
        var items = Enumerable.Range(from, toExclusive - from).Select(i =>
        {
            var record = new StreamRecord($"49000000000000000000{i:D6}", "k", TestEvents.Entry(TestEvents.Event(i, amount: 10m)).Data, DateTimeOffset.UtcNow);
            return new PipelineItem(record);
        }).ToArray();
        var batch = new RecordBatch("shardId-000000000000", items);
        new DecodeStage().Process(batch);
        new AnonymizeStage(_anonymizer).Process(batch);
        new MerchantCategoryStage(new MerchantCategorizerOptions()).Process(batch);
        new WindowStage(new WindowOptions()).Process(batch);
        return batch;
    }

    private (long Count, double Amount) DayTotals()
    {
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT SUM(count), SUM(amount) FROM aggregates WHERE window = 'day' AND key_kind = 'category'";
            using SqliteDataReader reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetDouble(1));
        }
    }

    [Fact]
    public async Task Write_SameBatchTwice_StoresAndCountsOnce()
    {
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(10, _store.Count("transactions"));
        Assert.Equal((10L, 100.0), DayTotals());
    }

    [Fact]
    public async Task Write_Transactions_CarryTheIndexKeysOfTheirPseudonyms()
    {
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await _sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        List<(string Card, long CardKey, string Customer, long CustomerKey)> rows = SqliteRows.Query(_store,
            "SELECT card_id, card_key, customer_id, customer_key FROM transactions", r => (r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3)));

        Assert.Equal(10, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.StartsWith("card_", row.Card, StringComparison.Ordinal);
            Assert.Equal(PseudonymIndexKey.Of(row.Card), row.CardKey);
            Assert.Equal(PseudonymIndexKey.Of(row.Customer), row.CustomerKey);
        });
    }

    [Fact]
    public async Task Write_Replays_ClassCountsMatchTheStoredRows()
    {
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await _sink.WriteAsync(Batch(5, 15), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await _sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        List<(string Customer, string AgeBand, long Rows)> counts = SqliteRows.Query(_store,
            "SELECT customer_id, age_band, row_count FROM quasi_identifiers", r => (r.GetString(0), r.GetString(1), r.GetInt64(2)));
        List<(string Customer, string AgeBand, long Rows)> stored = SqliteRows.Query(_store,
            "SELECT customer_id, COALESCE(json_extract(json, '$.age_band'), ''), COUNT(*) FROM transactions GROUP BY 1, 2 ORDER BY 1, 2", r => (r.GetString(0), r.GetString(1), r.GetInt64(2)));

        Assert.Equal(15, counts.Sum(c => c.Rows));
        Assert.Equal(stored, counts.Order());
        using SqliteConnection connection = ReadOnly();
        Assert.Equal(ReadJsonOnly(), StoredKAnonymity.Read(connection, k: 2));
    }

    /// <summary>The k-anonymity report from the stored JSON of every row, as before the class counts.</summary>
    private KAnonymityReport ReadJsonOnly()
    {
        var check = new KAnonymityCheck(2);
        foreach ((string customer, string? age, string? state, string? zip3, string? cell) in SqliteRows.Query(_store,
            "SELECT customer_id, json_extract(json, '$.age_band'), json_extract(json, '$.home_state'), json_extract(json, '$.home_zip3'), json_extract(json, '$.home_cell') FROM transactions",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4))))
        {
            check.Add(customer, age, state, zip3, cell);
        }

        return check.Report();
    }

    private SqliteConnection ReadOnly()
    {
        var connection = new SqliteConnection($"Data Source={_store.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    [Fact]
    public async Task Write_ReplayStraddlingWhatWasWritten_AddsOnlyTheNewRecords()
    {
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        // After a crash the reader re-reads from the older checkpoint and cuts the batches differently.
        await _sink.WriteAsync(Batch(5, 15), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(15, _store.Count("transactions"));
        Assert.Equal((15L, 150.0), DayTotals());
    }

    [Fact]
    public async Task Write_DeadLetter_StoredSealedWithReason()
    {
        var record = new StreamRecord("49000000000000000000000001", "k", "{\"first\":\"Zebedee\""u8.ToArray(), DateTimeOffset.UtcNow);
        var batch = new RecordBatch("shardId-000000000000", [new PipelineItem(record)]);
        new DecodeStage().Process(batch);

        await _sink.WriteAsync(batch, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, _store.Count("dead_letters"));
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT reason, payload_sealed FROM dead_letters";
            using SqliteDataReader reader = command.ExecuteReader();
            reader.Read();
            Assert.Contains("not a transaction event", reader.GetString(0), StringComparison.Ordinal);
            Assert.DoesNotContain("Zebedee", reader.GetString(1), StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
