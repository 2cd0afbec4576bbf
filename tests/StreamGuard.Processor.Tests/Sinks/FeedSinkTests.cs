using System.Globalization;
using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Runtime.Sinks.Feeds;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>One output over the folder writer: lines partitioned by event hour, objects named by the range, no line twice after a restart.</summary>
public sealed class FeedSinkTests : IDisposable
{
    private const string Shard = "shardId-000000000000";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 22, 30, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-feedsink-" + Guid.NewGuid().ToString("N"));

    // Records first..last of one shard, one transaction every 20 minutes of event time, each with an alert.
    private static RecordBatch Batch(int first, int last)
    {
        var items = new List<PipelineItem>();
        var alerts = new List<Alert>();
        for (int n = first; n <= last; n++)
        {
            string seq = n.ToString(CultureInfo.InvariantCulture);
            DateTimeOffset at = s_start.AddMinutes(20 * n);
            items.Add(new PipelineItem(new StreamRecord(seq, "card", "{}"u8.ToArray(), at.AddSeconds(5)))
            {
                Output = new EnrichedTransaction { TransactionId = "t" + seq, EventTime = at, Amount = n, Merchant = "m", CustomerId = "c", CardId = "k", Category = "grocery_pos" },
            });
            alerts.Add(new Alert { AlertId = "a" + seq, Type = AlertTypes.FraudSuspected, Severity = "high", TransactionId = "t" + seq, EventTime = at, Message = "r" });
        }

        var batch = new RecordBatch(Shard, items);
        batch.Alerts.AddRange(alerts);
        return batch;
    }

    private string[] Files(string output) =>
        [.. Directory.GetFiles(Path.Combine(_dir, output), "*.ndjson", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_dir, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal)];

    private string[] Ids(string output, string field) =>
        [.. Directory.GetFiles(Path.Combine(_dir, output), "*.ndjson", SearchOption.AllDirectories).SelectMany(File.ReadLines).Select(l => JsonDocument.Parse(l).RootElement.GetProperty(field).GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task WriteAsync_BatchAcrossTwoEventHours_OnePartPerHourNamedByTheRange()
    {
        await using var sink = new FeedSink(FeedOutputs.Archive, new FolderFeedWriter(_dir), FeedSelectors.Archive);

        // Records 1..3: 22:50, 23:10, 23:30 on 2026-03-01.
        await sink.WriteAsync(Batch(1, 3), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(
            ["archive/dt=2026-03-01/hour=22/shardId-000000000000-1-3.1of2.ndjson", "archive/dt=2026-03-01/hour=23/shardId-000000000000-1-3.2of2.ndjson"],
            Files(FeedOutputs.Archive));
        Assert.Equal(["t1", "t2", "t3"], Ids(FeedOutputs.Archive, "transaction_id"));
    }

    [Fact]
    public async Task WriteAsync_ReplayWithOtherBoundariesAfterRestart_NoLineTwiceInAnyOutput()
    {
        await using (var before = new FeedSink(FeedOutputs.Archive, new FolderFeedWriter(_dir), FeedSelectors.Archive))
        await using (var alertsBefore = new FeedSink(FeedOutputs.Alerts, new FolderFeedWriter(_dir), FeedSelectors.Alerts))
        {
            await before.WriteAsync(Batch(1, 5), CancellationToken.None).WaitAsync(s_timeout);
            await alertsBefore.WriteAsync(Batch(1, 5), CancellationToken.None).WaitAsync(s_timeout);
        }

        // The process crashed before checkpointing 1..5; the new one reads 3..8 in one batch.
        await using var archive = new FeedSink(FeedOutputs.Archive, new FolderFeedWriter(_dir), FeedSelectors.Archive);
        await using var alerts = new FeedSink(FeedOutputs.Alerts, new FolderFeedWriter(_dir), FeedSelectors.Alerts);
        await archive.WriteAsync(Batch(3, 8), CancellationToken.None).WaitAsync(s_timeout);
        await alerts.WriteAsync(Batch(3, 8), CancellationToken.None).WaitAsync(s_timeout);

        string[] expected = [.. Enumerable.Range(1, 8).Select(n => "t" + n.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, Ids(FeedOutputs.Archive, "transaction_id"));
        Assert.Equal(expected, Ids(FeedOutputs.Alerts, "transaction_id"));
        Assert.Equal("8", archive.MarkOf(Shard));
        Assert.Equal(3, Files(FeedOutputs.Archive).Count(f => f.Contains("-1-5.", StringComparison.Ordinal)));
        Assert.Equal(2, Files(FeedOutputs.Archive).Count(f => f.Contains("-6-8.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WriteAsync_BatchAlreadyWholeInTheOutput_WritesNothing()
    {
        await using (var before = new FeedSink(FeedOutputs.Archive, new FolderFeedWriter(_dir), FeedSelectors.Archive))
        {
            await before.WriteAsync(Batch(1, 5), CancellationToken.None).WaitAsync(s_timeout);
        }

        string[] files = Files(FeedOutputs.Archive);
        DateTime[] written = [.. files.Select(f => File.GetLastWriteTimeUtc(Path.Combine(_dir, f)))];
        var writer = new FolderFeedWriter(_dir);
        await using var sink = new FeedSink(FeedOutputs.Archive, writer, FeedSelectors.Archive);
        await sink.WriteAsync(Batch(2, 4), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(0, writer.FilesWritten);
        Assert.Equal(files, Files(FeedOutputs.Archive));
        Assert.Equal(written, files.Select(f => File.GetLastWriteTimeUtc(Path.Combine(_dir, f))));
    }

    [Fact]
    public async Task WriteAsync_LinesAboveTheObjectSize_SplitIntoPartsOfTheRange()
    {
        // Records 5..7 fall in one hour (00:10, 00:30, 00:50 on 03-02); their alert lines are equally long.
        string whole = Path.Combine(_dir, "whole");
        await using (var one = new FeedSink(FeedOutputs.Alerts, new FolderFeedWriter(whole), FeedSelectors.Alerts))
        {
            await one.WriteAsync(Batch(5, 7), CancellationToken.None).WaitAsync(s_timeout);
        }

        int line = (int)(new FileInfo(Directory.GetFiles(whole, "*.ndjson", SearchOption.AllDirectories).Single()).Length / 3);
        await using var sink = new FeedSink(FeedOutputs.Alerts, new FolderFeedWriter(_dir), FeedSelectors.Alerts, maxObjectBytes: (2 * line) + 1);
        await sink.WriteAsync(Batch(5, 7), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(
            ["alerts/dt=2026-03-02/hour=00/shardId-000000000000-5-7.1of2.ndjson", "alerts/dt=2026-03-02/hour=00/shardId-000000000000-5-7.2of2.ndjson"],
            Files(FeedOutputs.Alerts));
        Assert.Equal([2 * line, line], Files(FeedOutputs.Alerts).Select(f => (int)new FileInfo(Path.Combine(_dir, f)).Length));
        Assert.Equal(["t5", "t6", "t7"], Ids(FeedOutputs.Alerts, "transaction_id"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
