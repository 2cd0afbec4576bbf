using System.Text;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;

namespace StreamGuard.Core.Tests.Streaming;

public sealed class EmbeddedStreamTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static PutRecordEntry Entry(string key, string data) => new(key, Encoding.UTF8.GetBytes(data));

    private static async Task<List<StreamRecord>> ReadAllAsync(EmbeddedStream stream, string shardId, ShardPosition position)
    {
        string iterator = await stream.GetShardIteratorAsync(shardId, position, CancellationToken.None).WaitAsync(s_timeout);
        var records = new List<StreamRecord>();
        while (true)
        {
            GetRecordsResult page = await stream.GetRecordsAsync(iterator, 3, CancellationToken.None).WaitAsync(s_timeout);
            records.AddRange(page.Records);
            iterator = page.NextShardIterator!;
            if (page.Records.Count == 0)
            {
                return records;
            }
        }
    }

    [Fact]
    public async Task PutRecords_ManyKeys_EachKeyOnItsHashShardInOrder()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 4 });
        var entries = Enumerable.Range(0, 200).Select(i => Entry($"card-{i % 10}", $"{i % 10}:{i}")).ToList();
        PutRecordsResult result = await stream.PutRecordsAsync(entries, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(0, result.FailedRecordCount);
        var ranges = KinesisHashing.EvenRanges(4);
        for (int i = 0; i < entries.Count; i++)
        {
            int expected = KinesisHashing.ShardIndexOf(KinesisHashing.HashKey(entries[i].PartitionKey), ranges);
            Assert.Equal($"shardId-{expected:D12}", result.Records[i].ShardId);
        }

        foreach (ShardDescription shard in await stream.ListShardsAsync(CancellationToken.None).WaitAsync(s_timeout))
        {
            List<StreamRecord> records = await ReadAllAsync(stream, shard.ShardId, ShardPosition.TrimHorizon);
            for (int i = 1; i < records.Count; i++)
            {
                Assert.True(SequenceNumbers.Compare(records[i - 1].SequenceNumber, records[i].SequenceNumber) < 0);
            }

            foreach (IGrouping<string, StreamRecord> key in records.GroupBy(r => r.PartitionKey))
            {
                List<int> order = key.Select(r => int.Parse(Encoding.UTF8.GetString(r.Data.Span).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(order.Order(), order);
            }
        }
    }

    [Fact]
    public async Task GetShardIterator_LatestAndAfterSequenceNumber_StartWhereAsked()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1 });
        PutRecordsResult first = await stream.PutRecordsAsync([Entry("k", "1"), Entry("k", "2"), Entry("k", "3")], CancellationToken.None).WaitAsync(s_timeout);
        string shard = first.Records[0].ShardId!;
        string latest = await stream.GetShardIteratorAsync(shard, ShardPosition.Latest, CancellationToken.None).WaitAsync(s_timeout);
        await stream.PutRecordsAsync([Entry("k", "4")], CancellationToken.None).WaitAsync(s_timeout);

        GetRecordsResult fromLatest = await stream.GetRecordsAsync(latest, 10, CancellationToken.None).WaitAsync(s_timeout);
        List<StreamRecord> afterSecond = await ReadAllAsync(stream, shard, ShardPosition.After(first.Records[1].SequenceNumber!));

        Assert.Equal(["4"], fromLatest.Records.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
        Assert.Equal(["3", "4"], afterSecond.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
    }

    [Fact]
    public async Task PutRecords_OverTheLimits_IsRejectedLikeKinesis()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1 });

        await Assert.ThrowsAsync<ArgumentException>(() => stream.PutRecordsAsync(Enumerable.Range(0, 501).Select(i => Entry("k", "x")).ToList(), CancellationToken.None)).WaitAsync(s_timeout);
        await Assert.ThrowsAsync<ArgumentException>(() => stream.PutRecordsAsync([Entry("", "x")], CancellationToken.None)).WaitAsync(s_timeout);
        await Assert.ThrowsAsync<ArgumentException>(() => stream.PutRecordsAsync([new PutRecordEntry("k", new byte[StreamLimits.MaxBytesPerRecord + 1])], CancellationToken.None)).WaitAsync(s_timeout);
    }

    [Fact]
    public async Task PutRecords_ShardFull_WaitsUntilTheConsumerTrims()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1, ShardCapacity = 2 });
        PutRecordsResult two = await stream.PutRecordsAsync([Entry("k", "1"), Entry("k", "2")], CancellationToken.None).WaitAsync(s_timeout);

        Task<PutRecordsResult> third = stream.PutRecordsAsync([Entry("k", "3")], CancellationToken.None);
        await Task.Yield();
        Assert.False(third.IsCompleted, "a full shard must make the writer wait");

        stream.Trim(two.Records[0].ShardId!, two.Records[0].SequenceNumber!);
        PutRecordsResult done = await third.WaitAsync(s_timeout);

        Assert.Equal(0, done.FailedRecordCount);
        List<StreamRecord> retained = await ReadAllAsync(stream, two.Records[0].ShardId!, ShardPosition.TrimHorizon);
        Assert.Equal(["2", "3"], retained.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
    }

    [Fact]
    public async Task GetRecords_ForeignIterator_IsRejected()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1 });

        await Assert.ThrowsAsync<ArgumentException>(() => stream.GetRecordsAsync("nonsense", 10, CancellationToken.None)).WaitAsync(s_timeout);
        await Assert.ThrowsAsync<ArgumentException>(() => stream.GetShardIteratorAsync("shardId-000000000009", ShardPosition.TrimHorizon, CancellationToken.None)).WaitAsync(s_timeout);
    }

    [Fact]
    public async Task WhenWrittenThroughAsync_WriterReachesTheCounter_Completes()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1 });
        Task waiting = stream.WhenWrittenThroughAsync(5, CancellationToken.None);

        stream.AdvanceWrittenThrough(4);
        Assert.False(waiting.IsCompleted);
        stream.AdvanceWrittenThrough(5);

        await waiting.WaitAsync(s_timeout);
        Assert.True(stream.WhenWrittenThroughAsync(5, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WhenWrittenThroughAsync_Cancelled_EndsCancelled()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1 });
        using var cancel = new CancellationTokenSource();
        Task waiting = stream.WhenWrittenThroughAsync(100, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WaitAsync(s_timeout);
    }
}
