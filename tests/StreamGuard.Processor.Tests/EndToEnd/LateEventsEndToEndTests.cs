using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Processor.Commands;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Processor.Tests.EndToEnd;

public sealed class LateEventsEndToEndTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-late-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Run_LateEventAfterRestart_WindowStateRestoredSoItIsStoredInLateEventsTableAndFeedAndCounted()
    {
        Directory.CreateDirectory(_dir);
        string input = Path.Combine(_dir, "input.csv");
        string lateInput = Path.Combine(_dir, "late.csv");
        GeneratedTransaction newest;
        using (var writer = new SparkovCsvWriter(new StreamWriter(input)))
        {
            List<GeneratedTransaction> generated = [.. new TransactionGenerator(new GeneratorOptions(60, 10, 3, new DateOnly(2024, 6, 1))).Generate()];
            foreach (GeneratedTransaction t in generated)
            {
                writer.Write(t);
            }

            newest = generated.MaxBy(t => t.Time);
        }

        // A second process gets one transaction dated 30 hours before the newest of the first: with the
        // window state restored, its minute and hour windows have closed (lateness 1 h); its day and
        // month windows are still open (lateness 35 days) and take it.
        using (var writer = new SparkovCsvWriter(new StreamWriter(lateInput)))
        {
            writer.Write(newest with { TransactionId = "late-transaction-1", Time = newest.Time.AddHours(-30), Amount = 12.34m });
        }

        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, "data") };
        RunSummary first = await EmbeddedRun.ExecuteAsync(input, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Null(first.State!.RestoredFrom);
        Assert.True(first.State.Saves >= 1);
        long lateBefore = CountRows(options.DataDir, "late_events");

        RunSummary second = await EmbeddedRun.ExecuteAsync(lateInput, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.NotNull(second.State!.RestoredFrom);
        Assert.Equal(1, second.Insight!.LateEvents);
        Assert.Equal(1, second.Insight.LateUpdates);
        Assert.Equal(lateBefore + 1, CountRows(options.DataDir, "late_events"));
        // Outputs carry the keyed id of the source id, never the source id itself.
        string keyed = new Pseudonymizer(PseudonymKey.Resolve(null, options.DataDir)).TransactionId("late-transaction-1");
        Assert.Contains(LateRows(options.DataDir), s => s.Id == keyed && s.Windows == "category/minute,category/hour");
        string[] feed = [.. Directory.GetFiles(Path.Combine(options.DataDir, FeedOutputs.LateEvents), "*.ndjson", SearchOption.AllDirectories).SelectMany(File.ReadLines)];
        Assert.Equal(lateBefore + 1, feed.Length);
        Assert.Contains(feed, line => line.Contains($"\"transaction_id\":\"{keyed}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(feed, line => line.Contains("late-transaction-1", StringComparison.Ordinal));
    }

    private static long CountRows(string dataDir, string table)
    {
        using var store = new SqliteStore(dataDir);
        return store.Count(table);
    }

    private static List<(string Id, string Windows)> LateRows(string dataDir) =>
        SqliteRows.Query(dataDir, "SELECT transaction_id, windows FROM late_events", r => (r.GetString(0), r.GetString(1)));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the temp folder is cleaned later.
        }
    }
}
