using System.Numerics;
using System.Text;
using StreamGuard.Core.Streaming;
using Xunit;

namespace StreamGuard.Tests.Shared.Contracts;

/// <summary>
/// What every stream (<see cref="IStreamProducer"/> and <see cref="IStreamConsumer"/> over one stream) promises, run
/// against each implementation: shards that cover the whole hash-key space, each record put on the shard whose range
/// holds the MD5 of its partition key, per-shard order, and iterators from TRIM_HORIZON, LATEST, AT and AFTER a
/// sequence number that page through a shard without loss or repeat.
/// </summary>
/// <remarks>
/// Iterator expiry has its own suite (<see cref="IteratorExpiryContractTests"/>), for streams whose clock a test can
/// move: the emulator expires Kinesis iterators after five minutes of wall-clock time, which no test can advance.
/// Resharding is not part of the contract: the embedded stream has a fixed shard count.
/// </remarks>
public abstract class StreamContractTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Shards of every stream <see cref="CreateStreamAsync"/> makes.</summary>
    protected const int ShardCount = 4;

    private static readonly BigInteger s_maxHashKey = (BigInteger.One << 128) - 1;

    /// <summary>A new, empty stream of <see cref="ShardCount"/> shards, as its producer and its consumer.</summary>
    protected abstract Task<(IStreamProducer Producer, IStreamConsumer Consumer)> CreateStreamAsync();

    private static PutRecordEntry Entry(string key, int n) => new(key, Encoding.UTF8.GetBytes($"{key}|{n}"));

    private static string Text(StreamRecord record) => Encoding.UTF8.GetString(record.Data.Span);

    private static async Task<List<StreamRecord>> ReadAsync(IStreamConsumer consumer, string shardId, ShardPosition position, int pageSize = 7)
    {
        string iterator = await consumer.GetShardIteratorAsync(shardId, position, CancellationToken.None).WaitAsync(Timeout);
        var records = new List<StreamRecord>();
        for (int pages = 0; pages < 1_000; pages++)
        {
            GetRecordsResult page = await consumer.GetRecordsAsync(iterator, pageSize, CancellationToken.None).WaitAsync(Timeout);
            Assert.True(page.Records.Count <= pageSize, $"A page of {pageSize} held {page.Records.Count} records.");
            records.AddRange(page.Records);
            Assert.NotNull(page.NextShardIterator);
            iterator = page.NextShardIterator;
            if (page.Records.Count == 0)
            {
                return records;
            }
        }

        throw new InvalidOperationException($"Shard {shardId} did not reach its end in 1,000 pages.");
    }

    private static async Task<PutRecordsResult> PutAsync(IStreamProducer producer, PutRecordEntry[] entries)
    {
        PutRecordsResult result = await producer.PutRecordsAsync(entries, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(entries.Length, result.Records.Count);
        Assert.Equal(0, result.FailedRecordCount);
        return result;
    }

    [Fact]
    public async Task ListShardsAsync_NewStream_OpenShardsCoverTheHashKeySpaceInOrder()
    {
        (_, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);

        IReadOnlyList<ShardDescription> shards = await consumer.ListShardsAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(ShardCount, shards.Count);
        Assert.Equal(ShardCount, shards.Select(s => s.ShardId).Distinct().Count());
        Assert.Equal(BigInteger.Zero, shards[0].StartingHashKey);
        Assert.Equal(s_maxHashKey, shards[^1].EndingHashKey);
        for (int i = 0; i < shards.Count; i++)
        {
            Assert.False(shards[i].IsClosed);
            Assert.Null(shards[i].ParentShardId);
            Assert.True(shards[i].StartingHashKey <= shards[i].EndingHashKey);
            if (i > 0)
            {
                Assert.Equal(shards[i - 1].EndingHashKey + 1, shards[i].StartingHashKey);
            }
        }
    }

    [Fact]
    public async Task PutRecordsAsync_ManyKeys_EachOnTheShardWhoseRangeHoldsItsHash()
    {
        (IStreamProducer producer, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);
        IReadOnlyList<ShardDescription> shards = await consumer.ListShardsAsync(CancellationToken.None).WaitAsync(Timeout);
        PutRecordEntry[] entries = Enumerable.Range(0, 60).Select(i => Entry($"card-{i % 20}", i)).ToArray();

        PutRecordsResult result = await PutAsync(producer, entries);

        for (int i = 0; i < entries.Length; i++)
        {
            var hash = (BigInteger)KinesisHashing.HashKey(entries[i].PartitionKey);
            ShardDescription expected = Assert.Single(shards, s => s.StartingHashKey <= hash && hash <= s.EndingHashKey);
            Assert.Equal(expected.ShardId, result.Records[i].ShardId);
            Assert.False(string.IsNullOrEmpty(result.Records[i].SequenceNumber));
        }

        Assert.True(result.Records.Select(r => r.ShardId).Distinct().Count() > 1, "Twenty keys all hashed to one shard.");
    }

    [Fact]
    public async Task GetRecordsAsync_FromTrimHorizon_ReturnsEveryRecordOfTheShardInPutOrder()
    {
        (IStreamProducer producer, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);
        PutRecordEntry[] entries = Enumerable.Range(0, 40).Select(i => Entry($"customer-{i % 8}", i)).ToArray();
        PutRecordsResult first = await PutAsync(producer, entries[..25]);
        PutRecordsResult second = await PutAsync(producer, entries[25..]);
        PutRecordResult[] placed = [.. first.Records, .. second.Records];

        foreach (ShardDescription shard in await consumer.ListShardsAsync(CancellationToken.None).WaitAsync(Timeout))
        {
            List<StreamRecord> records = await ReadAsync(consumer, shard.ShardId, ShardPosition.TrimHorizon);

            string[] expected = [.. Enumerable.Range(0, entries.Length).Where(i => placed[i].ShardId == shard.ShardId).Select(i => Encoding.UTF8.GetString(entries[i].Data.Span))];
            Assert.Equal(expected, records.Select(Text));
            Assert.Equal(
                Enumerable.Range(0, entries.Length).Where(i => placed[i].ShardId == shard.ShardId).Select(i => placed[i].SequenceNumber),
                records.Select(r => r.SequenceNumber));
            for (int i = 1; i < records.Count; i++)
            {
                Assert.True(SequenceNumbers.Compare(records[i - 1].SequenceNumber, records[i].SequenceNumber) < 0, "Sequence numbers must grow within a shard.");
            }

            Assert.All(records, r => Assert.StartsWith(r.PartitionKey + "|", Text(r), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task GetRecordsAsync_FromLatest_ReturnsOnlyRecordsPutAfterTheIterator()
    {
        (IStreamProducer producer, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);
        PutRecordsResult before = await PutAsync(producer, [Entry("card-1", 0), Entry("card-1", 1)]);
        string shardId = before.Records[0].ShardId!;
        string iterator = await consumer.GetShardIteratorAsync(shardId, ShardPosition.Latest, CancellationToken.None).WaitAsync(Timeout);

        await PutAsync(producer, [Entry("card-1", 2), Entry("card-1", 3)]);
        var records = new List<StreamRecord>();
        for (int pages = 0; pages < 20 && records.Count < 2; pages++)
        {
            GetRecordsResult page = await consumer.GetRecordsAsync(iterator, 100, CancellationToken.None).WaitAsync(Timeout);
            records.AddRange(page.Records);
            iterator = page.NextShardIterator!;
        }

        Assert.Equal(["card-1|2", "card-1|3"], records.Select(Text));
    }

    [Fact]
    public async Task GetShardIteratorAsync_AtAndAfterSequenceNumber_StartOnAndPastThatRecord()
    {
        (IStreamProducer producer, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);
        PutRecordsResult put = await PutAsync(producer, [.. Enumerable.Range(0, 10).Select(i => Entry("card-7", i))]);
        string shardId = put.Records[0].ShardId!;
        string fourth = put.Records[3].SequenceNumber!;

        List<StreamRecord> at = await ReadAsync(consumer, shardId, new ShardPosition(ShardIteratorType.AtSequenceNumber, fourth), pageSize: 4);
        List<StreamRecord> after = await ReadAsync(consumer, shardId, ShardPosition.After(fourth), pageSize: 4);

        Assert.Equal(Enumerable.Range(3, 7).Select(i => $"card-7|{i}"), at.Select(Text));
        Assert.Equal(fourth, at[0].SequenceNumber);
        Assert.Equal(Enumerable.Range(4, 6).Select(i => $"card-7|{i}"), after.Select(Text));
    }

    [Fact]
    public async Task GetRecordsAsync_EmptyOpenShard_ReturnsNoRecordsAndAnIteratorThatSeesLaterPuts()
    {
        (IStreamProducer producer, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);
        PutRecordsResult probe = await PutAsync(producer, [Entry("card-3", 0)]);
        string shardId = probe.Records[0].ShardId!;
        string iterator = await consumer.GetShardIteratorAsync(shardId, ShardPosition.After(probe.Records[0].SequenceNumber!), CancellationToken.None).WaitAsync(Timeout);

        GetRecordsResult empty = await consumer.GetRecordsAsync(iterator, 10, CancellationToken.None).WaitAsync(Timeout);
        await PutAsync(producer, [Entry("card-3", 1)]);
        var later = new List<StreamRecord>();
        iterator = empty.NextShardIterator!;
        for (int pages = 0; pages < 20 && later.Count == 0; pages++)
        {
            GetRecordsResult page = await consumer.GetRecordsAsync(iterator, 10, CancellationToken.None).WaitAsync(Timeout);
            later.AddRange(page.Records);
            iterator = page.NextShardIterator!;
        }

        Assert.Empty(empty.Records);
        Assert.NotNull(empty.NextShardIterator);
        Assert.Equal(["card-3|1"], later.Select(Text));
    }
}
