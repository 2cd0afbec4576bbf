using Microsoft.Extensions.Time.Testing;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Processor.Tests.Contracts;

/// <summary>
/// Embedded mode's appending writer keeps the keyed contract for objects written one by one, and beyond it:
/// one file per output and hour across batches and shards, rolled by size, age and idleness, and a crash's
/// uncommitted bytes cut back.
/// </summary>
public sealed class AppendingFolderFeedWriterContractTests : KeyedFeedWriterContractTests, IDisposable
{
    private readonly List<string> _dirs = [];
    private readonly Dictionary<IFeedWriter, string> _rootOf = [];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    private AppendingFolderFeedWriter NewWriter(string? root = null, long maxFileBytes = AppendingFolderFeedWriter.DefaultMaxFileBytes)
    {
        if (root is null)
        {
            root = Path.Combine(Path.GetTempPath(), "sg-append-" + Guid.NewGuid().ToString("N"));
            _dirs.Add(root);
        }

        var writer = new AppendingFolderFeedWriter(root, _time, maxFileBytes, TimeSpan.FromMinutes(1)) { IdleAppends = 3 };
        _rootOf[writer] = root;
        return writer;
    }

    protected override Task<IFeedWriter> CreateWriterAsync() => Task.FromResult<IFeedWriter>(NewWriter());

    protected override Task<IReadOnlyList<StoredObject>> ReadAsync(IFeedWriter writer, string output)
    {
        string root = _rootOf[writer];
        string folder = Path.Combine(root, output);
        IReadOnlyList<StoredObject> stored = Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.ndjson", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => new StoredObject(Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(f)))]
            : [];
        return Task.FromResult(stored);
    }

    private static Task AppendAsync(AppendingFolderFeedWriter writer, string shard, string first, string last, params FeedObject[] objects) =>
        writer.AppendAsync(FeedOutputs.Archive, shard, first, last, objects, CancellationToken.None).WaitAsync(Timeout);

    private string[] Hidden(AppendingFolderFeedWriter writer) =>
        [.. Directory.GetFiles(Path.Combine(_rootOf[writer], FeedOutputs.Archive), "*.open", SearchOption.AllDirectories)];

    [Fact]
    public async Task AppendAsync_BatchesOfTwoShardsInOneHour_OneFileWithEveryLineInOrder()
    {
        AppendingFolderFeedWriter writer = NewWriter();
        await AppendAsync(writer, "shardId-000000000000", "1", "2", Obj(FeedOutputs.Archive, "x", "{\"n\":1}", "{\"n\":2}"));
        await AppendAsync(writer, "shardId-000000000001", "7", "7", Obj(FeedOutputs.Archive, "x", "{\"n\":3}"));
        await AppendAsync(writer, "shardId-000000000000", "3", "4", Obj(FeedOutputs.Archive, "x", "{\"n\":4}"));

        // Open until finished: nothing an analyst could read half of.
        Assert.Empty(await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout));
        writer.Close(FeedOutputs.Archive);

        StoredObject file = Assert.Single(await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout));
        // Named after the batch that opened it and the last record of that shard in it: the range grammar of every folder output.
        Assert.Equal("archive/dt=2026-11-30/hour=07/shardId-000000000000-1-4.ndjson", file.Key);
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n", file.Text);
        Assert.Empty(Hidden(writer));
        IReadOnlyDictionary<string, string> marks = await NewWriter(_rootOf[writer]).ReadMarksAsync(FeedOutputs.Archive, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal("4", marks["shardId-000000000000"]);
        Assert.Equal("7", marks["shardId-000000000001"]);
    }

    [Fact]
    public async Task AppendAsync_FileReachesMaxBytes_RolledAndTheNextBatchStartsANewFile()
    {
        AppendingFolderFeedWriter writer = NewWriter(maxFileBytes: 16);
        await AppendAsync(writer, "shardId-000000000000", "1", "1", Obj(FeedOutputs.Archive, "x", "{\"n\":1}"));
        await AppendAsync(writer, "shardId-000000000000", "2", "2", Obj(FeedOutputs.Archive, "x", "{\"n\":2}"));

        // 16 bytes reached: finished at once, readable while the run goes on.
        StoredObject first = Assert.Single(await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout));
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n", first.Text);

        await AppendAsync(writer, "shardId-000000000000", "3", "3", Obj(FeedOutputs.Archive, "x", "{\"n\":3}"));
        writer.Close(FeedOutputs.Archive);

        IReadOnlyList<StoredObject> files = await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout);
        Assert.Equal(2, files.Count);
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], LinesOf(files).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AppendAsync_FileOlderThanMaxAge_FinishedWithTheNextBatch()
    {
        AppendingFolderFeedWriter writer = NewWriter();
        await AppendAsync(writer, "shardId-000000000000", "1", "1", Obj(FeedOutputs.Archive, "x", "{\"n\":1}"));
        _time.Advance(TimeSpan.FromSeconds(61));
        FeedObject otherHour = Obj(FeedOutputs.Archive, "x", "{\"n\":2}") with { Hour = Hour.AddHours(1) };
        await AppendAsync(writer, "shardId-000000000000", "2", "2", otherHour);

        StoredObject finished = Assert.Single(await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout));
        Assert.Contains("/hour=07/", finished.Key, StringComparison.Ordinal);
        Assert.Single(Hidden(writer));
    }

    [Fact]
    public async Task AppendAsync_HourWithoutLinesForIdleAppends_Finished()
    {
        AppendingFolderFeedWriter writer = NewWriter();
        await AppendAsync(writer, "shardId-000000000000", "1", "1", Obj(FeedOutputs.Archive, "x", "{\"n\":1}"));
        for (int n = 2; n <= 4; n++)
        {
            FeedObject later = Obj(FeedOutputs.Archive, "x", "{}") with { Hour = Hour.AddHours(n) };
            await AppendAsync(writer, "shardId-000000000000", n.ToString(System.Globalization.CultureInfo.InvariantCulture), n.ToString(System.Globalization.CultureInfo.InvariantCulture), later);
        }

        // Three batches passed hour 07 by (IdleAppends = 3): a replay moving forward leaves no file open behind it.
        Assert.Contains(await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout), f => f.Key!.Contains("/hour=07/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadMarksAsync_CrashAfterLinesBeforeTheirProgress_CutBackToTheCommittedBatches()
    {
        AppendingFolderFeedWriter crashed = NewWriter();
        await AppendAsync(crashed, "shardId-000000000000", "1", "5", Obj(FeedOutputs.Archive, "x", "{\"n\":1}", "{\"n\":5}"));
        // The next batch (6..9) wrote its lines, to the open file and to a new hour's file, then the process died
        // before the progress recorded them.
        string open = Assert.Single(Hidden(crashed));
        await File.AppendAllTextAsync(open, "{\"n\":6}\n{\"n\":");
        string orphan = Path.Combine(_rootOf[crashed], FeedOutputs.Archive, "dt=2026-11-30", "hour=08", ".shardId-000000000000-6.ndjson.open");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllTextAsync(orphan, "{\"n\":9}\n");

        AppendingFolderFeedWriter restarted = NewWriter(_rootOf[crashed]);
        IReadOnlyDictionary<string, string> marks = await restarted.ReadMarksAsync(FeedOutputs.Archive, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("5", marks["shardId-000000000000"]);
        Assert.Equal(["{\"n\":1}", "{\"n\":5}"], LinesOf(await ReadAsync(restarted, FeedOutputs.Archive).WaitAsync(Timeout)));
        Assert.Empty(Hidden(restarted));

        // The batch is delivered again and lands once.
        await AppendAsync(restarted, "shardId-000000000000", "6", "9", Obj(FeedOutputs.Archive, "x", "{\"n\":6}", "{\"n\":9}"));
        restarted.Close(FeedOutputs.Archive);
        Assert.Equal(["{\"n\":1}", "{\"n\":5}", "{\"n\":6}", "{\"n\":9}"], LinesOf(await ReadAsync(restarted, FeedOutputs.Archive).WaitAsync(Timeout)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FinishLeftOpen_KilledBeforeClose_CommittedLinesVisibleWithoutAnotherBatch()
    {
        AppendingFolderFeedWriter killed = NewWriter();
        await AppendAsync(killed, "shardId-000000000000", "1", "5", Obj(FeedOutputs.Archive, "x", "{\"n\":1}", "{\"n\":5}"));
        await killed.AppendAsync(FeedOutputs.Alerts, "shardId-000000000000", "1", "5", [Obj(FeedOutputs.Alerts, "x", "{\"a\":5}")], CancellationToken.None).WaitAsync(Timeout);
        // Killed after the input was recorded consumed, before Close: a rerun of that input reads and writes nothing.

        AppendingFolderFeedWriter rerun = NewWriter(_rootOf[killed]);
        rerun.FinishLeftOpen();

        Assert.Equal(["{\"n\":1}", "{\"n\":5}"], LinesOf(await ReadAsync(rerun, FeedOutputs.Archive).WaitAsync(Timeout)));
        Assert.Equal(["{\"a\":5}"], LinesOf(await ReadAsync(rerun, FeedOutputs.Alerts).WaitAsync(Timeout)));
        Assert.Empty(Directory.GetFiles(_rootOf[killed], "*.open", SearchOption.AllDirectories));
        Assert.Equal("5", (await rerun.ReadMarksAsync(FeedOutputs.Archive, CancellationToken.None).WaitAsync(Timeout))["shardId-000000000000"]);
    }

    [Fact]
    public async Task ReadMarksAsync_ProgressWithoutItsEndLine_ClearErrorNothingTouched()
    {
        AppendingFolderFeedWriter writer = NewWriter();
        await AppendAsync(writer, "shardId-000000000000", "1", "5", Obj(FeedOutputs.Archive, "x", "{\"n\":1}"));
        string progress = Path.Combine(_rootOf[writer], FeedOutputs.Archive, ".progress");
        await File.WriteAllTextAsync(progress, "streamguard-feed-progress 1\nmark shardId-000000000000 5\n");

        var error = await Assert.ThrowsAsync<StreamGuard.Core.UserErrorException>(() => NewWriter(_rootOf[writer]).ReadMarksAsync(FeedOutputs.Archive, CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("archive output's progress is damaged", error.Message, StringComparison.Ordinal);
        Assert.Single(Hidden(writer));
    }

    public void Dispose()
    {
        foreach (string dir in _dirs.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
