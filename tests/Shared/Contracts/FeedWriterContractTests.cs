using System.Text;
using StreamGuard.Runtime.Sinks.Feeds;
using Xunit;

namespace StreamGuard.Tests.Shared.Contracts;

/// <summary>
/// What every <see cref="IFeedWriter"/> promises, run against each implementation (the local folder in the
/// processor tests; S3 on the emulator and Firehose on a local server in the aws tests): an object's lines
/// arrive byte for byte and in order, an empty object writes nothing, and an object larger than one
/// request of the service still arrives whole.
/// </summary>
public abstract class FeedWriterContractTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    protected static readonly DateTime Hour = new(2026, 11, 30, 7, 0, 0, DateTimeKind.Utc);

    /// <summary>A new writer over empty storage; each call gives an independent one.</summary>
    protected abstract Task<IFeedWriter> CreateWriterAsync();

    /// <summary>What the storage behind <paramref name="writer"/> holds for <paramref name="output"/>, in the order written when the service keeps one.</summary>
    protected abstract Task<IReadOnlyList<StoredObject>> ReadAsync(IFeedWriter writer, string output);

    protected static FeedObject Obj(string output, string name, params string[] lines) =>
        new(output, Hour, name, Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))), lines.Length);

    protected static string[] LinesOf(IEnumerable<StoredObject> stored) =>
        [.. stored.SelectMany(o => o.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))];

    [Fact]
    public async Task WriteAsync_Lines_StoredByteForByteInOrder()
    {
        IFeedWriter writer = await CreateWriterAsync().WaitAsync(Timeout);
        string[] lines = ["""{"transaction_id":"t1","merchant":"Café Ünïcode ☕"}""", """{"transaction_id":"t2","amount":12.5}""", """{"transaction_id":"t3"}"""];

        await writer.WriteAsync(Obj(FeedOutputs.Archive, "shardId-000000000000-1-3", lines), CancellationToken.None).WaitAsync(Timeout);
        IReadOnlyList<StoredObject> stored = await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout);

        Assert.Equal(string.Concat(lines.Select(l => l + "\n")), string.Concat(stored.Select(o => o.Text)));
    }

    [Fact]
    public async Task WriteAsync_EmptyObject_StoresNothing()
    {
        IFeedWriter writer = await CreateWriterAsync().WaitAsync(Timeout);

        await writer.WriteAsync(Obj(FeedOutputs.Alerts, "shardId-000000000000-1-3"), CancellationToken.None).WaitAsync(Timeout);

        Assert.Empty(await ReadAsync(writer, FeedOutputs.Alerts).WaitAsync(Timeout));
    }

    [Fact]
    public async Task WriteAsync_MoreLinesThanOneServiceRequest_EveryLineOnceInOrder()
    {
        IFeedWriter writer = await CreateWriterAsync().WaitAsync(Timeout);
        // Firehose takes 500 records a call: 1,234 lines need three.
        string[] lines = [.. Enumerable.Range(0, 1234).Select(i => "{\"n\":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}")];

        await writer.WriteAsync(Obj(FeedOutputs.Report, "shardId-000000000001-100-1333", lines), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(lines, LinesOf(await ReadAsync(writer, FeedOutputs.Report).WaitAsync(Timeout)));
    }

    [Fact]
    public async Task ReadMarksAsync_NothingWritten_Empty()
    {
        IFeedWriter writer = await CreateWriterAsync().WaitAsync(Timeout);

        Assert.Empty(await writer.ReadMarksAsync(FeedOutputs.Archive, CancellationToken.None).WaitAsync(Timeout));
    }
}

/// <summary>One stored object: its key under the writer's root (null where the service lays out keys itself) and its text, uncompressed.</summary>
public sealed record StoredObject(string? Key, string Text);
