using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using StreamGuard.Core.Streaming;
using StreamGuard.Insight.Budgets;
using StreamGuard.Insight.Segments;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>
/// Budget standings and segments are written once per key and write group, just before the group
/// commits: the committed rows are the latest values, and a group rolled back leaves nothing behind.
/// </summary>
public sealed class SqliteGroupInsightTests : IDisposable
{
    private const string Shard = "shardId-000000000000";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly DateOnly s_month = new(2024, 3, 1);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-group-insight-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;
    private readonly SqliteSink _sink;

    public SqliteGroupInsightTests()
    {
        _store = new SqliteStore(_dir);
        _sink = new SqliteSink(_store, new DeadLetterProtector(SealingKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()), "test")),
            new FakeTimeProvider(), new WindowOptions(), groupRecords: 1_000);
    }

    /// <summary>A batch of no live record (its progress mark moves) carrying the given standings and segments.</summary>
    private static RecordBatch Batch(int sequence, BudgetStatus[] standings, CustomerSegment[] segments)
    {
        var batch = new RecordBatch(Shard, [new PipelineItem(new StreamRecord($"49000000000000000000{sequence:D6}", "k", "{}"u8.ToArray(), DateTimeOffset.UtcNow))]);
        batch.Results<BudgetStatus>().AddRange(standings);
        batch.Results<CustomerSegment>().AddRange(segments);
        return batch;
    }

    private static BudgetStatus Standing(string customer, decimal monthToDate) =>
        new(customer, "FOOD_AND_DRINK", s_month, monthToDate, 100m, "history", monthToDate * 2);

    /// <summary>Committed rows, as another process reads them.</summary>
    private List<string> Committed()
    {
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _store.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        reader.Open();
        using SqliteCommand command = reader.CreateCommand();
        command.CommandText = """
            SELECT 'budget ' || customer_id || ' ' || month || ' ' || month_to_date || ' ' || forecast || ' ' || status FROM budgets
            UNION ALL SELECT 'segment ' || customer_id || ' ' || segment FROM customer_segments
            ORDER BY 1
            """;
        using SqliteDataReader rows = command.ExecuteReader();
        var result = new List<string>();
        while (rows.Read())
        {
            result.Add(rows.GetString(0));
        }

        return result;
    }

    [Fact]
    public async Task WriteAsync_OneKeyInSeveralBatchesOfAGroup_CommitsItsLatestValueAtTheFlush()
    {
        await _sink.WriteAsync(Batch(1, [Standing("cust_a", 10m), Standing("cust_b", 5m)], [new("cust_a", "commuter")]), CancellationToken.None).WaitAsync(s_timeout);
        await _sink.WriteAsync(Batch(2, [Standing("cust_a", 60m)], [new("cust_a", "family"), new("cust_b", "student")]), CancellationToken.None).WaitAsync(s_timeout);
        await _sink.WriteAsync(Batch(3, [Standing("cust_a", 120m)], []), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Empty(Committed());

        await _sink.FlushAsync(CancellationToken.None).WaitAsync(s_timeout);

        string[] expected =
        [
            "budget cust_a 2024-03 120.0 240.0 over",
            "budget cust_b 2024-03 5.0 10.0 on track",
            "segment cust_a family",
            "segment cust_b student",
        ];
        Assert.Equal(expected, Committed());
    }

    [Fact]
    public async Task RollbackPending_GroupWithStandings_NothingOfItCommitsWithTheNextGroup()
    {
        await _sink.WriteAsync(Batch(1, [Standing("cust_lost", 10m)], [new("cust_lost", "commuter")]), CancellationToken.None).WaitAsync(s_timeout);

        // A batch failed half-way: the group is dropped.
        _store.RollbackPending();
        await _sink.WriteAsync(Batch(2, [Standing("cust_kept", 70m)], []), CancellationToken.None).WaitAsync(s_timeout);
        await _sink.FlushAsync(CancellationToken.None).WaitAsync(s_timeout);

        string[] expected = ["budget cust_kept 2024-03 70.0 140.0 on course to exceed"];
        Assert.Equal(expected, Committed());
    }

    [Fact]
    public async Task StartBackgroundCheckpoints_AfterACommit_CopiesTheLogIntoTheDatabaseFile()
    {
        long before = new FileInfo(_store.Path).Length;
        _store.StartBackgroundCheckpoints(TimeSpan.FromMilliseconds(1));
        lock (_store.Gate)
        {
            _store.BeginGroup();
            _store.Execute("INSERT INTO folder_meta (name, value) VALUES ('padding', hex(randomblob(200000)))");
        }

        _store.CommitPending();

        // The log's pages reach the database file itself (before the fix the checkpoints ran and copied nothing).
        using var deadline = new CancellationTokenSource(s_timeout);
        while (new FileInfo(_store.Path).Length < before + 300_000)
        {
            await Task.Delay(20, deadline.Token);
        }

        SqliteTimings timings = _store.Timings;
        Assert.True(timings.Checkpoints >= 1);
        Assert.True(timings.LargestLogPages >= 50, $"log pages {timings.LargestLogPages}");
        Assert.Equal(1, timings.Commits);
    }

    public void Dispose()
    {
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
