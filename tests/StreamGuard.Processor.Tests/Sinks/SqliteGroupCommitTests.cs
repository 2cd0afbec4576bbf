using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Insight.Categorization;
using StreamGuard.Pipeline.Stages;
using StreamGuard.Insight.Windows;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>The SQLite sink's write group: batches and the checkpoints saved after them commit together or not at all.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private const string Shard = "shardId-000000000000";
    private const int GroupRecords = 15;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-group-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;
    private readonly SqliteSink _sink;
    private readonly SqliteCheckpointStore _checkpoints;
    private readonly TransactionAnonymizer _anonymizer;
    private readonly FakeTimeProvider _clock = new();

    public SqliteGroupCommitTests()
    {
        _store = new SqliteStore(_dir);
        var key = PseudonymKey.FromBase64(Convert.ToBase64String(new byte[32]), "test");
        _sink = new SqliteSink(_store, Protector(),
            // A manual clock: the group's age limit must not commit it while a loaded machine builds the batches.
            _clock, new WindowOptions(), groupRecords: GroupRecords);
        _checkpoints = new SqliteCheckpointStore(_store, TimeProvider.System);
        _anonymizer = new TransactionAnonymizer(new Pseudonymizer(key), new PrivacyOptions());
    }

    private static DeadLetterProtector Protector() =>
        new(SealingKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()), "test"));

    private static string Sequence(int i) => $"49000000000000000000{i:D6}";

    private RecordBatch Batch(int from, int toExclusive)
    {
        PipelineItem[] items = [.. Enumerable.Range(from, toExclusive - from).Select(i =>
            new PipelineItem(new StreamRecord(Sequence(i), "k", TestEvents.Entry(TestEvents.Event(i, amount: 10m)).Data, DateTimeOffset.UtcNow)))];
        var batch = new RecordBatch(Shard, items);
        new DecodeStage().Process(batch);
        new AnonymizeStage(_anonymizer).Process(batch);
        new MerchantCategoryStage(new MerchantCategorizerOptions()).Process(batch);
        new WindowStage(new WindowOptions()).Process(batch);
        return batch;
    }

    /// <summary>What another process reading the file sees: committed rows only.</summary>
    private (long Transactions, string? Checkpoint, long DayCount) Committed()
    {
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _store.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        reader.Open();
        using SqliteCommand command = reader.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM transactions),
                   (SELECT sequence_number FROM checkpoints WHERE shard_id = $shard),
                   (SELECT COALESCE(SUM(count), 0) FROM aggregates WHERE window = 'day' AND key_kind = 'category')
            """;
        command.Parameters.AddWithValue("$shard", Shard);
        using SqliteDataReader row = command.ExecuteReader();
        row.Read();
        return (row.GetInt64(0), row.IsDBNull(1) ? null : row.GetString(1), row.GetInt64(2));
    }

    [Fact]
    public async Task WriteAsync_GroupedBatches_InvisibleUntilFlushThenCommittedWithTheirCheckpoint()
    {
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(s_timeout);
        await _checkpoints.SaveCheckpointAsync(Shard, Sequence(9), CancellationToken.None).WaitAsync(s_timeout);
        await _sink.WriteAsync(Batch(10, 14), CancellationToken.None).WaitAsync(s_timeout);
        await _checkpoints.SaveCheckpointAsync(Shard, Sequence(13), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal((0L, null, 0L), Committed());

        await _sink.FlushAsync(CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal((14L, Sequence(13), 14L), Committed());
    }

    [Fact]
    public async Task WriteAsync_GroupLostBeforeCommit_RedeliveryFromTheCommittedCheckpointStoresEachRecordOnce()
    {
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(s_timeout);
        await _checkpoints.SaveCheckpointAsync(Shard, Sequence(9), CancellationToken.None).WaitAsync(s_timeout);
        await _sink.FlushAsync(CancellationToken.None).WaitAsync(s_timeout);
        await _sink.WriteAsync(Batch(10, 14), CancellationToken.None).WaitAsync(s_timeout);
        await _checkpoints.SaveCheckpointAsync(Shard, Sequence(13), CancellationToken.None).WaitAsync(s_timeout);

        // A crash: the open group (rows, progress mark and checkpoint of the second batch) is never committed.
        _store.RollbackPending();
        string? resumeAfter = await _checkpoints.GetCheckpointAsync(Shard, CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(Sequence(9), resumeAfter);

        // Redelivered from the checkpoint, cut differently, straddling what was committed.
        await _sink.WriteAsync(Batch(5, 14), CancellationToken.None).WaitAsync(s_timeout);
        await _checkpoints.SaveCheckpointAsync(Shard, Sequence(13), CancellationToken.None).WaitAsync(s_timeout);
        await _sink.FlushAsync(CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal((14L, Sequence(13), 14L), Committed());
    }

    [Fact]
    public async Task WriteAsync_GroupReachesItsRecordLimit_CommitsWithoutAFlush()
    {
        await _sink.WriteAsync(Batch(0, 10), CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(0L, Committed().Transactions);

        await _sink.WriteAsync(Batch(10, 20), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(20L, Committed().Transactions);
    }

    [Fact]
    public async Task WriteAsync_GroupAsOldAsItsAgeLimit_CommitsWithTheBatchThatFindsItSo()
    {
        await _sink.WriteAsync(Batch(0, 4), CancellationToken.None).WaitAsync(s_timeout);
        _clock.Advance(SqliteSink.MaxGroupAge - TimeSpan.FromMilliseconds(1));
        await _sink.WriteAsync(Batch(4, 8), CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(0L, Committed().Transactions);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await _sink.WriteAsync(Batch(8, 12), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(12L, Committed().Transactions);
    }

    [Fact]
    public async Task Flush_WindowChangesSummedOverTheGroup_CommitTheRowsOfOneUpsertPerBatch()
    {
        (int From, int To)[] cuts = [(0, 5), (5, 9), (9, 14)];
        string other = Path.Combine(Path.GetTempPath(), "sg-group-" + Guid.NewGuid().ToString("N"));
        List<string> perBatch;
        try
        {
            using (var store = new SqliteStore(other))
            {
                var sink = new SqliteSink(store, Protector(), new FakeTimeProvider(), new WindowOptions(), groupRecords: 0);
                foreach ((int from, int to) in cuts)
                {
                    await sink.WriteAsync(Batch(from, to), CancellationToken.None).WaitAsync(s_timeout);
                }

                await sink.DisposeAsync();
                perBatch = Aggregates(store.Path);
            }
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }

        foreach ((int from, int to) in cuts)
        {
            await _sink.WriteAsync(Batch(from, to), CancellationToken.None).WaitAsync(s_timeout);
        }

        Assert.Empty(Aggregates(_store.Path));
        await _sink.FlushAsync(CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(perBatch, Aggregates(_store.Path));
        // Cells that several batches add to, so the group did sum them.
        Assert.Contains(perBatch, row => row.EndsWith("|14|140", StringComparison.Ordinal));
    }

    private static List<string> Aggregates(string path)
    {
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        reader.Open();
        using SqliteCommand command = reader.CreateCommand();
        command.CommandText = "SELECT window, start, key_kind, key, count, amount FROM aggregates ORDER BY window, start, key_kind, key";
        using SqliteDataReader row = command.ExecuteReader();
        var rows = new List<string>();
        while (row.Read())
        {
            rows.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{row.GetString(0)}|{row.GetInt64(1)}|{row.GetString(2)}|{row.GetString(3)}|{row.GetInt64(4)}|{row.GetDouble(5)}"));
        }

        return rows;
    }

    public void Dispose()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
