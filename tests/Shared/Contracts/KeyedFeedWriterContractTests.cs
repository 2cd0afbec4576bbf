using StreamGuard.Runtime.Sinks.Feeds;
using Xunit;

namespace StreamGuard.Tests.Shared.Contracts;

/// <summary>
/// What a keyed <see cref="IFeedWriter"/> (local folder, S3) promises beyond the common contract: the one key
/// layout <c>{output}/dt=YYYY-MM-DD/hour=HH/{name}.ndjson</c>, a replay of the same range replaces its object
/// instead of adding a copy, outputs kept apart, and marks never above what was written.
/// </summary>
public abstract class KeyedFeedWriterContractTests : FeedWriterContractTests
{
    /// <summary>The key <paramref name="feedObject"/> lands under (S3 adds .gz).</summary>
    protected virtual string ExpectedKey(FeedObject feedObject) => feedObject.Key;

    [Fact]
    public async Task WriteAsync_Object_LandsUnderDatePartitionedKey()
    {
        IFeedWriter writer = await CreateWriterAsync().WaitAsync(Timeout);
        FeedObject written = Obj(FeedOutputs.LateEvents, "shardId-000000000002-10-20", """{"transaction_id":"t1"}""");

        await writer.WriteAsync(written, CancellationToken.None).WaitAsync(Timeout);
        IReadOnlyList<StoredObject> stored = await ReadAsync(writer, FeedOutputs.LateEvents).WaitAsync(Timeout);

        Assert.True(writer.Keyed);
        StoredObject only = Assert.Single(stored);
        Assert.Equal("late-events/dt=2026-11-30/hour=07/shardId-000000000002-10-20.ndjson", written.Key);
        Assert.Equal(ExpectedKey(written), only.Key);
    }

    [Fact]
    public async Task WriteAsync_SameRangeTwice_OneCopy()
    {
        IFeedWriter writer = await CreateWriterAsync().WaitAsync(Timeout);
        FeedObject batch = Obj(FeedOutputs.Archive, "shardId-000000000000-5-6", """{"transaction_id":"t5"}""", """{"transaction_id":"t6"}""");

        await writer.WriteAsync(batch, CancellationToken.None).WaitAsync(Timeout);
        // The same batch delivered again after a crash before its checkpoint.
        await writer.WriteAsync(batch, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["""{"transaction_id":"t5"}""", """{"transaction_id":"t6"}"""], LinesOf(await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout)));
    }

    [Fact]
    public async Task WriteAsync_TwoOutputsAndTwoHours_EachUnderItsOwnPrefixAndPartition()
    {
        IFeedWriter writer = await CreateWriterAsync().WaitAsync(Timeout);
        FeedObject archive = Obj(FeedOutputs.Archive, "shardId-000000000000-1-2.1of2", """{"a":1}""");
        FeedObject nextHour = archive with { Hour = Hour.AddHours(17), Name = "shardId-000000000000-1-2.2of2" };
        FeedObject alerts = Obj(FeedOutputs.Alerts, "shardId-000000000000-1-2", """{"alert_id":"x"}""");

        foreach (FeedObject o in new[] { archive, nextHour, alerts })
        {
            await writer.WriteAsync(o, CancellationToken.None).WaitAsync(Timeout);
        }

        IReadOnlyList<StoredObject> archived = await ReadAsync(writer, FeedOutputs.Archive).WaitAsync(Timeout);
        Assert.Equal([ExpectedKey(archive), ExpectedKey(nextHour)], archived.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Contains("/dt=2026-12-01/hour=00/", ExpectedKey(nextHour), StringComparison.Ordinal);
        Assert.Equal(["""{"alert_id":"x"}"""], LinesOf(await ReadAsync(writer, FeedOutputs.Alerts).WaitAsync(Timeout)));
    }

    [Fact]
    public async Task ReadMarksAsync_AfterWrites_NeverAboveTheHighestRangeWritten()
    {
        IFeedWriter writer = await CreateWriterAsync().WaitAsync(Timeout);
        await writer.WriteAsync(Obj(FeedOutputs.Archive, "shardId-000000000000-1-9", "{}"), CancellationToken.None).WaitAsync(Timeout);
        await writer.WriteAsync(Obj(FeedOutputs.Archive, "shardId-000000000000-10-19", "{}"), CancellationToken.None).WaitAsync(Timeout);

        IReadOnlyDictionary<string, string> marks = await writer.ReadMarksAsync(FeedOutputs.Archive, CancellationToken.None).WaitAsync(Timeout);

        // A writer may know nothing (S3 relies on overwrites), never more than was written.
        Assert.All(marks, m => Assert.True(m.Key == "shardId-000000000000" && m.Value == "19", $"{m.Key}={m.Value}"));
    }
}
