using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Processor.Tests.Contracts;

/// <summary>Embedded mode's feed writer: files under a data folder. Beyond the contract, its marks are exact and a crash's leftovers are cleared.</summary>
public sealed class FolderFeedWriterContractTests : KeyedFeedWriterContractTests, IDisposable
{
    private readonly List<string> _dirs = [];
    private readonly Dictionary<IFeedWriter, string> _rootOf = [];

    protected override Task<IFeedWriter> CreateWriterAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sg-feed-" + Guid.NewGuid().ToString("N"));
        _dirs.Add(dir);
        IFeedWriter writer = new FolderFeedWriter(dir);
        _rootOf[writer] = dir;
        return Task.FromResult(writer);
    }

    protected override Task<IReadOnlyList<StoredObject>> ReadAsync(IFeedWriter writer, string output)
    {
        string root = _rootOf[writer];
        string folder = Path.Combine(root, output);
        IReadOnlyList<StoredObject> stored = Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => new StoredObject(Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(f)))]
            : [];
        return Task.FromResult(stored);
    }

    [Fact]
    public async Task ReadMarksAsync_WholeRangesWritten_HighestLastPerShard()
    {
        IFeedWriter writer = await CreateWriterAsync();
        await writer.WriteAsync(Obj(FeedOutputs.Archive, "shardId-000000000000-1-9", "{}"), CancellationToken.None).WaitAsync(Timeout);
        await writer.WriteAsync(Obj(FeedOutputs.Archive, "shardId-000000000000-10-100", "{}"), CancellationToken.None).WaitAsync(Timeout);
        await writer.WriteAsync(Obj(FeedOutputs.Archive, "shardId-000000000001-3-4", "{}"), CancellationToken.None).WaitAsync(Timeout);

        IReadOnlyDictionary<string, string> marks = await new FolderFeedWriter(_rootOf[writer]).ReadMarksAsync(FeedOutputs.Archive, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("100", marks["shardId-000000000000"]);
        Assert.Equal("4", marks["shardId-000000000001"]);
        Assert.Equal(2, marks.Count);
    }

    [Fact]
    public async Task ReadMarksAsync_RangeMissingAPartAfterACrash_NotAMarkAndItsPartsRemoved()
    {
        IFeedWriter writer = await CreateWriterAsync();
        await writer.WriteAsync(Obj(FeedOutputs.Archive, "shardId-000000000000-1-9", "{\"a\":1}"), CancellationToken.None).WaitAsync(Timeout);
        // The crash came after part 1 of 2 of the next batch (its lines span two hours).
        await writer.WriteAsync(Obj(FeedOutputs.Archive, "shardId-000000000000-10-20.1of2", "{\"b\":1}"), CancellationToken.None).WaitAsync(Timeout);
        string partial = Path.Combine(_rootOf[writer], "archive", ".unfinished.ndjson.partial");
        await File.WriteAllTextAsync(partial, "{\"c\":");

        IReadOnlyDictionary<string, string> marks = await new FolderFeedWriter(_rootOf[writer]).ReadMarksAsync(FeedOutputs.Archive, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("9", marks["shardId-000000000000"]);
        Assert.Equal(["{\"a\":1}"], LinesOf(await ReadAsync(writer, FeedOutputs.Archive)));
        Assert.False(File.Exists(partial));
    }

    public void Dispose()
    {
        foreach (string dir in _dirs.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
