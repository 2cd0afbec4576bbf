using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Aws.Tests.Sinks;

[Collection(EmulatorCollection.Name)]
public sealed class ShardGuardedCountersTests(EmulatorFixture emulators) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly AmazonDynamoDBClient _dynamo = emulators.CreateDynamoDbClient();

    public void Dispose() => _dynamo.Dispose();

    private static List<CounterContribution> Records(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(i => new CounterContribution(Sequence(i), 1, i)).ToList();

    // Real sequence numbers grow in length over time; padding must keep their order.
    private static string Sequence(int i) => i < 8 ? (i * 3).ToString(CultureInfo.InvariantCulture) : "4959" + i.ToString("D50", CultureInfo.InvariantCulture);

    private async Task<(string Table, Dictionary<string, AttributeValue> Key)> NewItemAsync()
    {
        string table = "sg-counters-" + Guid.NewGuid().ToString("N")[..10];
        await DynamoTables.EnsureAsync(_dynamo, table, "pk", null, s_timeout, CancellationToken.None).WaitAsync(s_timeout);
        return (table, new() { ["pk"] = new AttributeValue { S = "day|category|2026-11-20T00:00" } });
    }

    private async Task<(long Count, decimal Amount)> ReadAsync(string table, Dictionary<string, AttributeValue> key)
    {
        GetItemResponse item = await _dynamo.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true }).WaitAsync(s_timeout);
        return (long.Parse(item.Item[ShardGuardedCounters.CountAttribute].N, CultureInfo.InvariantCulture), decimal.Parse(item.Item[ShardGuardedCounters.AmountAttribute].N, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AddAsync_ReplayCutIntoOtherBatches_CountsEachRecordOnce()
    {
        (string table, Dictionary<string, AttributeValue> key) = await NewItemAsync();
        var counters = new ShardGuardedCounters(_dynamo);

        await counters.AddAsync(table, key, "shardId-000000000000", Records(1, 10), null, CancellationToken.None).WaitAsync(s_timeout);
        await counters.AddAsync(table, key, "shardId-000000000000", Records(5, 15), null, CancellationToken.None).WaitAsync(s_timeout);
        await counters.AddAsync(table, key, "shardId-000000000000", Records(1, 10), null, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal((15L, Enumerable.Range(1, 15).Sum(i => (decimal)i)), await ReadAsync(table, key));
        Assert.Equal(6 + 10, counters.ReplaysSkipped);
    }

    [Fact]
    public async Task AddAsync_TwoShards_KeepSeparateMarks()
    {
        (string table, Dictionary<string, AttributeValue> key) = await NewItemAsync();
        var counters = new ShardGuardedCounters(_dynamo);

        await counters.AddAsync(table, key, "shardId-000000000001", Records(1, 5), null, CancellationToken.None).WaitAsync(s_timeout);
        await counters.AddAsync(table, key, "shardId-000000000002", Records(1, 5), null, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal((10L, 30m), await ReadAsync(table, key));
    }

    [Fact]
    public async Task AddAsync_SameBatchFromTwoWorkersAtOnce_CountsOnce()
    {
        (string table, Dictionary<string, AttributeValue> key) = await NewItemAsync();
        var first = new ShardGuardedCounters(_dynamo);
        var second = new ShardGuardedCounters(_dynamo);

        await Task.WhenAll(
            first.AddAsync(table, key, "shardId-000000000000", Records(1, 20), null, CancellationToken.None),
            second.AddAsync(table, key, "shardId-000000000000", Records(1, 20), null, CancellationToken.None)).WaitAsync(s_timeout);

        Assert.Equal((20L, 210m), await ReadAsync(table, key));
    }
}
