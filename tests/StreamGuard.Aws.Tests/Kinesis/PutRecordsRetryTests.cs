using Microsoft.Extensions.Time.Testing;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Aws.Tests.Kinesis;

public sealed class PutRecordsRetryTests
{
    /// <summary>Fails the given partition keys on the first call only, and records every call.</summary>
    private sealed class FlakyProducer(params string[] failFirstTime) : IStreamProducer
    {
        public List<string[]> Calls { get; } = [];

        public Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> records, CancellationToken cancellationToken)
        {
            bool first = Calls.Count == 0;
            Calls.Add(records.Select(r => r.PartitionKey).ToArray());
            var results = records.Select((r, i) => first && failFirstTime.Contains(r.PartitionKey)
                ? new PutRecordResult(null, null, "ProvisionedThroughputExceededException", "Rate exceeded")
                : new PutRecordResult("shardId-000000000000", $"{Calls.Count}{i:D3}")).ToArray();
            return Task.FromResult(new PutRecordsResult(results));
        }
    }

    [Fact]
    public async Task PutRecordsWithRetry_SomeEntriesThrottled_ResendsOnlyThoseInOrder()
    {
        var producer = new FlakyProducer("b", "d");
        PutRecordEntry[] records = new[] { "a", "b", "c", "d", "e" }.Select(k => new PutRecordEntry(k, new byte[] { 1 })).ToArray();

        PutRecordsResult result = await producer.PutRecordsWithRetryAsync(records, 3, TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, producer.Calls.Count);
        Assert.Equal(["b", "d"], producer.Calls[1]);
        Assert.Equal(0, result.FailedRecordCount);
        Assert.Equal("2000", result.Records[1].SequenceNumber);
        Assert.Equal("2001", result.Records[3].SequenceNumber);
    }

    [Fact]
    public async Task PutRecordsWithRetry_OneAttempt_ReturnsFailuresUnretried()
    {
        var producer = new FlakyProducer("a");

        PutRecordsResult result = await producer.PutRecordsWithRetryAsync([new PutRecordEntry("a", new byte[] { 1 })], 1, TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(producer.Calls);
        Assert.Equal("ProvisionedThroughputExceededException", Assert.Single(result.Records).ErrorCode);
    }

    [Fact]
    public async Task PutRecordsWithRetry_Throttled_WaitsForBackoffOnTheInjectedClock()
    {
        var producer = new FlakyProducer("a");
        var time = new FakeTimeProvider();

        Task<PutRecordsResult> put = producer.PutRecordsWithRetryAsync([new PutRecordEntry("a", new byte[] { 1 })], 3, TimeSpan.FromSeconds(1), time, CancellationToken.None);

        // The first call failed and the retry waits on the clock: nothing is re-sent until time moves.
        Assert.Single(producer.Calls);
        Assert.False(put.IsCompleted);
        time.Advance(PutRecordsRetry.MaxDelay);
        PutRecordsResult result = await put.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, producer.Calls.Count);
        Assert.Equal(0, result.FailedRecordCount);
    }
}
