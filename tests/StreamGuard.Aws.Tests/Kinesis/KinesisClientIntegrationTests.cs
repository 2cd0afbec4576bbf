using System.Numerics;
using System.Text;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Aws.Tests.Kinesis;

[Collection(EmulatorCollection.Name)]
public sealed class KinesisClientIntegrationTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static async Task<KinesisClient> NewStreamAsync(AwsClientContext context, int shards)
    {
        var client = new KinesisClient(context, "sg-test-" + Guid.NewGuid().ToString("N")[..12]);
        await client.EnsureStreamAsync(shards, s_timeout, CancellationToken.None).WaitAsync(s_timeout);
        return client;
    }

    [Fact]
    public async Task CreateStream_FourShards_ListShardsShowsEvenHashRanges()
    {
        using AwsClientContext context = emulators.CreateContext();
        KinesisClient client = await NewStreamAsync(context, 4);

        KinesisStreamSummary summary = await client.DescribeStreamSummaryAsync(CancellationToken.None).WaitAsync(s_timeout);
        IReadOnlyList<ShardDescription> shards = await client.ListShardsAsync(CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal("ACTIVE", summary.Status);
        Assert.Equal(4, shards.Count);
        (UInt128 Start, UInt128 End)[] expected = KinesisHashing.EvenRanges(4);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal((BigInteger)expected[i].Start, shards[i].StartingHashKey);
            Assert.Equal((BigInteger)expected[i].End, shards[i].EndingHashKey);
            Assert.False(shards[i].IsClosed);
            Assert.Null(shards[i].ParentShardId);
        }
    }

    [Fact]
    public async Task PutRecords_ThenGetRecords_RoundTripsDataInPerKeyOrder()
    {
        using AwsClientContext context = emulators.CreateContext();
        KinesisClient client = await NewStreamAsync(context, 4);
        const int keys = 12, perKey = 30;
        var sent = new List<PutRecordEntry>();
        for (int n = 0; n < perKey; n++)
        {
            for (int k = 0; k < keys; k++)
            {
                sent.Add(new PutRecordEntry($"customer-{k}", Encoding.UTF8.GetBytes($"customer-{k}|{n}|payload-é")));
            }
        }

        var placed = new Dictionary<string, string>();
        foreach (PutRecordEntry[] batch in sent.Chunk(150))
        {
            PutRecordsResult result = await client.PutRecordsAsync(batch, CancellationToken.None).WaitAsync(s_timeout);
            Assert.Equal(0, result.FailedRecordCount);
            for (int i = 0; i < batch.Length; i++)
            {
                Assert.NotNull(result.Records[i].SequenceNumber);
                placed[batch[i].PartitionKey] = result.Records[i].ShardId!;
            }
        }

        IReadOnlyList<ShardDescription> shards = await client.ListShardsAsync(CancellationToken.None).WaitAsync(s_timeout);
        var received = new List<StreamRecord>();
        foreach (ShardDescription shard in shards)
        {
            List<StreamRecord> records = await ReadShardAsync(client, shard.ShardId, sent.Count(e => placed[e.PartitionKey] == shard.ShardId));
            Assert.All(records, r => Assert.Equal(shard.ShardId, placed[r.PartitionKey]));
            Assert.All(records, r => Assert.InRange((BigInteger)KinesisHashing.HashKey(r.PartitionKey), shard.StartingHashKey, shard.EndingHashKey));
            received.AddRange(records);
        }

        Assert.Equal(sent.Count, received.Count);
        foreach (IGrouping<string, StreamRecord> byKey in received.GroupBy(r => r.PartitionKey))
        {
            int[] order = byKey.Select(r => int.Parse(Encoding.UTF8.GetString(r.Data.Span).Split('|')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(Enumerable.Range(0, perKey), order);
            Assert.All(byKey, r => Assert.EndsWith("payload-é", Encoding.UTF8.GetString(r.Data.Span), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SplitShard_ThenListShards_ShowsClosedParentAndTwoChildren()
    {
        using AwsClientContext context = emulators.CreateContext();
        KinesisClient client = await NewStreamAsync(context, 1);
        await client.PutRecordsAsync([new PutRecordEntry("before-split", "x"u8.ToArray())], CancellationToken.None).WaitAsync(s_timeout);
        ShardDescription parent = (await client.ListShardsAsync(CancellationToken.None).WaitAsync(s_timeout)).Single();

        BigInteger middle = (parent.StartingHashKey + parent.EndingHashKey + 1) / 2;
        await client.SplitShardAsync(parent.ShardId, middle, CancellationToken.None).WaitAsync(s_timeout);
        await client.WaitUntilActiveAsync(s_timeout, CancellationToken.None).WaitAsync(s_timeout);
        IReadOnlyList<ShardDescription> shards = await client.ListShardsAsync(CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(3, shards.Count);
        ShardDescription closed = shards.Single(s => s.ShardId == parent.ShardId);
        Assert.True(closed.IsClosed);
        ShardDescription[] children = shards.Where(s => s.ParentShardId == parent.ShardId).OrderBy(s => s.StartingHashKey).ToArray();
        Assert.Equal(2, children.Length);
        Assert.Equal(parent.StartingHashKey, children[0].StartingHashKey);
        Assert.Equal(middle - 1, children[0].EndingHashKey);
        Assert.Equal(middle, children[1].StartingHashKey);
        Assert.Equal(parent.EndingHashKey, children[1].EndingHashKey);

        // The closed parent ends: its last page has no next iterator (SHARD_END).
        string? iterator = await client.GetShardIteratorAsync(parent.ShardId, ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(s_timeout);
        var parentRecords = new List<StreamRecord>();
        DateTime deadline = DateTime.UtcNow + s_timeout;
        while (iterator is not null && DateTime.UtcNow < deadline)
        {
            GetRecordsResult page = await client.GetRecordsAsync(iterator, 100, CancellationToken.None).WaitAsync(s_timeout);
            parentRecords.AddRange(page.Records);
            iterator = page.NextShardIterator;
        }

        Assert.Null(iterator);
        Assert.Equal("before-split", Assert.Single(parentRecords).PartitionKey);
    }

    [Fact]
    public async Task GetShardIterator_UnknownStream_ThrowsResourceNotFound()
    {
        using AwsClientContext context = emulators.CreateContext();
        var client = new KinesisClient(context, "sg-missing-" + Guid.NewGuid().ToString("N")[..8]);

        ResourceNotFoundException error = await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => client.GetShardIteratorAsync("shardId-000000000000", ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(s_timeout));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal(AwsErrorType.Sender, error.ErrorType);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task GetRecords_AfterSequenceNumber_ResumesAfterCheckpoint()
    {
        using AwsClientContext context = emulators.CreateContext();
        KinesisClient client = await NewStreamAsync(context, 1);
        PutRecordsResult put = await client.PutRecordsAsync(
            [new("k", "1"u8.ToArray()), new("k", "2"u8.ToArray()), new("k", "3"u8.ToArray())], CancellationToken.None).WaitAsync(s_timeout);
        string shardId = put.Records[0].ShardId!;

        string iterator = await client.GetShardIteratorAsync(shardId, ShardPosition.After(put.Records[0].SequenceNumber!), CancellationToken.None).WaitAsync(s_timeout);
        List<StreamRecord> rest = await ReadShardFromAsync(client, iterator, 2);

        Assert.Equal(["2", "3"], rest.Select(r => Encoding.UTF8.GetString(r.Data.Span)));
        Assert.Equal(put.Records[1].SequenceNumber, rest[0].SequenceNumber);
    }

    private static async Task<List<StreamRecord>> ReadShardAsync(KinesisClient client, string shardId, int expected)
    {
        string iterator = await client.GetShardIteratorAsync(shardId, ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(s_timeout);
        return await ReadShardFromAsync(client, iterator, expected);
    }

    private static async Task<List<StreamRecord>> ReadShardFromAsync(KinesisClient client, string iterator, int expected)
    {
        var records = new List<StreamRecord>();
        DateTime deadline = DateTime.UtcNow + s_timeout;
        string? next = iterator;
        while (records.Count < expected && next is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Read {records.Count} of {expected} records before the deadline.");
            GetRecordsResult page = await client.GetRecordsAsync(next, 1000, CancellationToken.None).WaitAsync(s_timeout);
            records.AddRange(page.Records);
            next = page.NextShardIterator;
        }

        return records;
    }
}
