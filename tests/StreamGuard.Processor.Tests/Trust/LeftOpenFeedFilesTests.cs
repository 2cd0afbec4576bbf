using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core;
using StreamGuard.Producer.Generation;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Feeds;

namespace StreamGuard.Processor.Tests.Trust;

/// <summary>
/// A process killed after its input was recorded consumed, before its feed files were finished, leaves
/// committed lines in hidden files; the next run finishes them even when it has nothing to read.
/// </summary>
public sealed class LeftOpenFeedFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-leftopen-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Run_ConsumedInputWhoseLastFilesWereLeftOpen_RerunFinishesThemAndChangesNothingElse()
    {
        Directory.CreateDirectory(_dir);
        string input = Path.Combine(_dir, "input.csv");
        using (var csv = new SparkovCsvWriter(new StreamWriter(input)))
        {
            foreach (GeneratedTransaction t in new TransactionGenerator(new GeneratorOptions(20, 5, 7, new DateOnly(2024, 3, 1))).Generate())
            {
                csv.Write(t);
            }
        }

        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, "data") };
        options.Privacy.PseudonymKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        RunSummary first = await EmbeddedRun.ExecuteAsync(input, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal("completed", first.Outcome);
        string[] before = ArchiveLines(options.DataDir);
        Assert.NotEmpty(before);

        // The state a kill leaves between the commit of the last batch and the end of the run: its lines are
        // committed (the progress names them) but sit in a hidden file.
        var killed = new AppendingFolderFeedWriter(options.DataDir, TimeProvider.System);
        byte[] line = "{\"transaction_id\":\"left-open\"}\n"u8.ToArray();
        await killed.AppendAsync(FeedOutputs.Archive, "shardId-000000000099", "1", "1",
            [new FeedObject(FeedOutputs.Archive, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), "x", line, 1)], CancellationToken.None);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(options.DataDir, FeedOutputs.Archive), "*.open", SearchOption.AllDirectories));

        RunSummary rerun = await EmbeddedRun.ExecuteAsync(input, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("already_consumed", rerun.Outcome);
        Assert.Empty(Directory.GetFiles(Path.Combine(options.DataDir, FeedOutputs.Archive), "*.open", SearchOption.AllDirectories));
        Assert.Equal(before.Append("{\"transaction_id\":\"left-open\"}").Order(StringComparer.Ordinal), ArchiveLines(options.DataDir));
    }

    private static string[] ArchiveLines(string dataDir) =>
        [.. Directory.GetFiles(Path.Combine(dataDir, FeedOutputs.Archive), "*.ndjson", SearchOption.AllDirectories).SelectMany(File.ReadLines).Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
