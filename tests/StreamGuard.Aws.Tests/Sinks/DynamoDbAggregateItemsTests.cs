using Amazon.DynamoDBv2.Model;
using StreamGuard.Core.Model;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Aws.Tests.Sinks;

/// <summary>The aggregates item layout without a table: pages, buckets and reading keys back from attribute names.</summary>
public sealed class DynamoDbAggregateItemsTests
{
    [Fact]
    public void PageStart_MinuteWindow_TenMinutesShareAnItem()
    {
        var start = new DateTimeOffset(2024, 3, 1, 10, 17, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 10, 0, TimeSpan.Zero), DynamoDbAggregateItems.PageStart(WindowNames.Minute, start));
        Assert.Equal(start, DynamoDbAggregateItems.PageStart(WindowNames.Hour, start));
    }

    [Fact]
    public void SortKey_CustomerKey_FnvBucketStableAcrossProcesses()
    {
        // FNV-1a 32 of "cust_3f9a" is 2838832348 (computed outside .NET), 28 modulo 64.
        Assert.Equal("b028", DynamoDbAggregateItems.SortKey(WindowKeyKinds.Customer, "cust_3f9a", 64));
        Assert.Equal(DynamoDbAggregateItems.AllKeys, DynamoDbAggregateItems.SortKey(WindowKeyKinds.Category, "grocery_pos", 64));
    }

    [Fact]
    public void Read_ItemWithTwoMinutesAndAShardMark_YieldsEachWindowKeyOnce()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = DynamoDbSink.AggregatePartition(WindowNames.Minute, WindowKeyKinds.Category, new DateTimeOffset(2024, 3, 1, 10, 10, 0, TimeSpan.Zero)) },
            ["sk"] = new() { S = DynamoDbAggregateItems.AllKeys },
            ["window"] = new() { S = WindowNames.Minute },
            ["key_kind"] = new() { S = WindowKeyKinds.Category },
            ["seq_shardId-000000000000"] = new() { S = ShardGuardedCounters.Pad("4959") },
            ["n|2024-03-01T10:11|grocery_pos"] = new() { N = "2" },
            ["a|2024-03-01T10:11|grocery_pos"] = new() { N = "12.50" },
            ["n|2024-03-01T10:19|travel|x"] = new() { N = "-1" },
            ["a|2024-03-01T10:19|travel|x"] = new() { N = "-300" },
        };

        List<WindowTotal> totals = [.. DynamoDbAggregateItems.Read(item).OrderBy(t => t.Start)];

        Assert.Equal(
            [
                new WindowTotal(WindowNames.Minute, new DateTimeOffset(2024, 3, 1, 10, 11, 0, TimeSpan.Zero), WindowKeyKinds.Category, "grocery_pos", 2, 12.50m),
                new WindowTotal(WindowNames.Minute, new DateTimeOffset(2024, 3, 1, 10, 19, 0, TimeSpan.Zero), WindowKeyKinds.Category, "travel|x", -1, -300m),
            ],
            totals);
    }
}
