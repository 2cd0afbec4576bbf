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

    // Record i adds to counter "k<i % keys>" and, as a correction does, a second counter under the same sequence number.
    private static List<CounterContribution> KeyedRecords(int from, int to, int keys) =>
        [.. Enumerable.Range(from, to - from + 1).SelectMany(i => new[]
        {
            new CounterContribution(Sequence(i), 1, i, "2026-11-20T00:00|k" + (i % keys).ToString(CultureInfo.InvariantCulture)),
            new CounterContribution(Sequence(i), 1, 1, "2026-11-20T00:00|all"),
        })];

    [Fact]
    public async Task AddAsync_ReplayOfManyCountersInOneItem_CountsEachRecordOnceInEveryCounter()
    {
        (string table, Dictionary<string, AttributeValue> key) = await NewItemAsync();
        var counters = new ShardGuardedCounters(_dynamo);
        const int Keys = 250; // more counters than one update takes: the batch is cut into runs

        await counters.AddAsync(table, key, "shardId-000000000000", KeyedRecords(1, 300, Keys), null, CancellationToken.None).WaitAsync(s_timeout);
        await counters.AddAsync(table, key, "shardId-000000000000", KeyedRecords(200, 400, Keys), null, CancellationToken.None).WaitAsync(s_timeout);
        await counters.AddAsync(table, key, "shardId-000000000000", KeyedRecords(1, 300, Keys), null, CancellationToken.None).WaitAsync(s_timeout);

        GetItemResponse item = await _dynamo.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true }).WaitAsync(s_timeout);
        item.Item["window"] = new AttributeValue { S = "day" };
        item.Item["key_kind"] = new AttributeValue { S = "category" };
        Dictionary<string, (long Count, decimal Amount)> read = DynamoDbAggregateItems.Read(item.Item).ToDictionary(t => t.Key, t => (t.Count, t.Amount));
        Assert.Equal(Keys + 1, read.Count);
        Assert.Equal((400L, 400m), read["all"]);
        for (int k = 0; k < Keys; k++)
        {
            int[] records = [.. Enumerable.Range(1, 400).Where(i => i % Keys == k)];
            Assert.Equal((records.LongLength, records.Sum(i => (decimal)i)), read["k" + k.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    [Fact]
    public async Task AddAsync_CorrectionInsideAFullRun_IsNeverCutFromItsRecord()
    {
        (string table, Dictionary<string, AttributeValue> key) = await NewItemAsync();
        var counters = new ShardGuardedCounters(_dynamo);
        // 99 records on their own counters, then one record taking back from one new counter and adding to another (same sequence number).
        List<CounterContribution> batch = [.. Enumerable.Range(1, 99).Select(i => new CounterContribution(Sequence(i), 1, 1, "2026-11-20T00:00|k" + i.ToString(CultureInfo.InvariantCulture)))];
        batch.Add(new CounterContribution(Sequence(100), -1, -5, "2026-11-20T00:00|old"));
        batch.Add(new CounterContribution(Sequence(100), 1, 7, "2026-11-20T00:00|new"));
        batch.Add(new CounterContribution(Sequence(101), 1, 1, "2026-11-20T00:00|later"));

        await counters.AddAsync(table, key, "shardId-000000000000", batch, null, CancellationToken.None).WaitAsync(s_timeout);
        await counters.AddAsync(table, key, "shardId-000000000000", batch, null, CancellationToken.None).WaitAsync(s_timeout);

        GetItemResponse item = await _dynamo.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true }).WaitAsync(s_timeout);
        item.Item["window"] = new AttributeValue { S = "day" };
        item.Item["key_kind"] = new AttributeValue { S = "category" };
        Dictionary<string, (long Count, decimal Amount)> read = DynamoDbAggregateItems.Read(item.Item).ToDictionary(t => t.Key, t => (t.Count, t.Amount));
        Assert.Equal((-1L, -5m), read["old"]);
        Assert.Equal((1L, 7m), read["new"]);
        Assert.Equal((1L, 1m), read["later"]);
        Assert.Equal(102, read.Count);
    }
}
