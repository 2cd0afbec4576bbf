using Microsoft.Data.Sqlite;
using StreamGuard.Core.Model;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>Dead letters are keyed by file identity, position and payload: none is lost to a position that repeats, none stored twice.</summary>
public sealed class DeadLetterKeyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-dlkey-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SqliteSink Sink(SqliteStore store) =>
        new(store, new DeadLetterProtector(SealingKey.FromBase64(Convert.ToBase64String(new byte[32]), "test")), TimeProvider.System, new WindowOptions());

    [Fact]
    public async Task WriteAsync_TwoFilesSameLine_BothStored()
    {
        using var store = new SqliteStore(_dir);
        SqliteSink sink = Sink(store);

        await DeadLetterBatches.WriteAsync(sink, [new DeadLetter("file:/in/a.csv#sha256=1111", "line 7", "read", "bad", "row a")], firstSequence: 1);
        await DeadLetterBatches.WriteAsync(sink, [new DeadLetter("file:/in/b.csv#sha256=2222", "line 7", "read", "bad", "row b")], firstSequence: 2);

        Assert.Equal(2, store.Count("dead_letters"));
    }

    [Fact]
    public async Task WriteAsync_SameDeadLetterAtTwoStreamPositions_StoredOnce()
    {
        // The same input read again (a file sent twice) reaches the sink at a new stream position each time.
        using var store = new SqliteStore(_dir);
        SqliteSink sink = Sink(store);
        var deadLetter = new DeadLetter("file:/in/a.csv#sha256=1111", "line 7", "read", "bad", "row a");

        await DeadLetterBatches.WriteAsync(sink, [deadLetter], firstSequence: 1);
        await DeadLetterBatches.WriteAsync(sink, [deadLetter], firstSequence: 2);

        Assert.Equal(1, store.Count("dead_letters"));
    }

    [Fact]
    public async Task WriteAsync_StreamPositionReusedByANewProcess_BothStored()
    {
        // The embedded stream restarts its sequence numbers in every process; a new process clears the sinks' progress marks (EmbeddedPipeline).
        using var store = new SqliteStore(_dir);
        SqliteSink sink = Sink(store);

        await DeadLetterBatches.WriteAsync(sink, [new DeadLetter("stream:shardId-000000000000", "49000000000000000000000001", "decode", "not json", "{bad")]);
        store.Execute("DELETE FROM checkpoints; DELETE FROM sink_progress;");
        await DeadLetterBatches.WriteAsync(sink, [new DeadLetter("stream:shardId-000000000000", "49000000000000000000000001", "decode", "not json", "{other")]);

        Assert.Equal(2, store.Count("dead_letters"));
    }

    [Fact]
    public async Task Open_TableOfEarlierVersion_RebuiltKeepingRowsAndNewKeyApplies()
    {
        Directory.CreateDirectory(_dir);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, SqliteStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT NOT NULL, position TEXT NOT NULL, stage TEXT NOT NULL,
                    reason TEXT NOT NULL, payload_sealed TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (origin, position, stage));
                INSERT INTO dead_letters (origin, position, stage, reason, payload_sealed, recorded_at) VALUES ('old.csv', 'line 2', 'read', 'bad', 'sealed', 1);
                """;
            create.ExecuteNonQuery();
        }

        using var store = new SqliteStore(_dir);
        SqliteSink sink = Sink(store);
        await DeadLetterBatches.WriteAsync(sink, [new DeadLetter("old.csv", "line 2", "read", "bad", "another row at the same line")]);

        Assert.Equal(2, store.Count("dead_letters"));
    }
}
