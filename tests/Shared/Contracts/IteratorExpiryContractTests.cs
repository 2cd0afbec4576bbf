using System.Text;
using StreamGuard.Core.Streaming;
using Xunit;

namespace StreamGuard.Tests.Shared.Contracts;

/// <summary>
/// What a stream whose iterators expire promises (<see cref="IStreamConsumer"/>): an iterator used after its lifetime
/// throws <see cref="ShardIteratorExpiredException"/> and reads nothing; every iterator a read returns has a lifetime of
/// its own; a new iterator after the last record read goes on without loss or repeat.
/// </summary>
/// <remarks>
/// Run against streams whose clock a test can move. The Kinesis emulator (kinesalite) expires iterators after five
/// minutes of wall-clock time, which no test can advance: the Kinesis client's mapping of ExpiredIteratorException to
/// <see cref="ShardIteratorExpiredException"/> is tested at the protocol level instead.
/// </remarks>
public abstract class IteratorExpiryContractTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A new, empty stream, as its producer and its consumer.</summary>
    protected abstract Task<(IStreamProducer Producer, IStreamConsumer Consumer)> CreateStreamAsync();

    /// <summary>How long an iterator of these streams stays valid.</summary>
    protected abstract TimeSpan IteratorLifetime { get; }

    /// <summary>Moves the streams' clock forward.</summary>
    protected abstract void Advance(TimeSpan by);

    private static PutRecordEntry Entry(string key, int n) => new(key, Encoding.UTF8.GetBytes($"{key}|{n}"));

    private static string Text(StreamRecord record) => Encoding.UTF8.GetString(record.Data.Span);

    private static async Task<string> PutAsync(IStreamProducer producer, int from, int count)
    {
        PutRecordsResult result = await producer.PutRecordsAsync([.. Enumerable.Range(from, count).Select(i => Entry("card-9", i))], CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(0, result.FailedRecordCount);
        return result.Records[0].ShardId!;
    }

    [Fact]
    public async Task GetRecordsAsync_IteratorPastItsLifetime_ThrowsExpiredAndReadsNothing()
    {
        (IStreamProducer producer, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);
        string shardId = await PutAsync(producer, 0, 5);
        string iterator = await consumer.GetShardIteratorAsync(shardId, ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(Timeout);

        Advance(IteratorLifetime + TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<ShardIteratorExpiredException>(() => consumer.GetRecordsAsync(iterator, 10, CancellationToken.None).WaitAsync(Timeout));
        string fresh = await consumer.GetShardIteratorAsync(shardId, ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(Timeout);
        GetRecordsResult page = await consumer.GetRecordsAsync(fresh, 10, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"card-9|{i}"), page.Records.Select(Text));
    }

    [Fact]
    public async Task GetRecordsAsync_EachReturnedIteratorWithinItsOwnLifetime_ReadsOn()
    {
        (IStreamProducer producer, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);
        string shardId = await PutAsync(producer, 0, 6);
        string iterator = await consumer.GetShardIteratorAsync(shardId, ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(Timeout);
        TimeSpan step = IteratorLifetime * 0.75;
        var read = new List<string>();

        for (int pages = 0; pages < 3; pages++)
        {
            Advance(step);
            GetRecordsResult page = await consumer.GetRecordsAsync(iterator, 2, CancellationToken.None).WaitAsync(Timeout);
            read.AddRange(page.Records.Select(Text));
            iterator = page.NextShardIterator!;
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"card-9|{i}"), read);
    }

    [Fact]
    public async Task GetShardIteratorAsync_AfterLastRecordReadWhenExpired_NoLossNoRepeat()
    {
        (IStreamProducer producer, IStreamConsumer consumer) = await CreateStreamAsync().WaitAsync(Timeout);
        string shardId = await PutAsync(producer, 0, 4);
        string iterator = await consumer.GetShardIteratorAsync(shardId, ShardPosition.TrimHorizon, CancellationToken.None).WaitAsync(Timeout);
        GetRecordsResult first = await consumer.GetRecordsAsync(iterator, 3, CancellationToken.None).WaitAsync(Timeout);
        await PutAsync(producer, 4, 3);

        Advance(IteratorLifetime + TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ShardIteratorExpiredException>(() => consumer.GetRecordsAsync(first.NextShardIterator!, 10, CancellationToken.None).WaitAsync(Timeout));
        string resumed = await consumer.GetShardIteratorAsync(shardId, ShardPosition.After(first.Records[^1].SequenceNumber), CancellationToken.None).WaitAsync(Timeout);
        GetRecordsResult rest = await consumer.GetRecordsAsync(resumed, 10, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"card-9|{i}"), first.Records.Concat(rest.Records).Select(Text));
    }
}
