using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;

namespace StreamGuard.Core.Tests.Replay;

/// <summary>Records no stream can take are handed back with the reason; the replay neither fails nor spins.</summary>
public sealed class StreamReplayerLimitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static TransactionEvent Event(int i, string merchant = "m", string card = "4263982640269299") => new()
    {
        TransactionId = $"t{i}",
        EventTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
        Amount = i,
        Merchant = merchant,
        AccountId = card,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(10)]
    public async Task RunAsync_RecordOverLimits_RejectedWithReasonOthersSent(int megabytes)
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 2, ShardCapacity = 1_000 });
        var rejected = new List<(string Id, string Reason)>();
        var replayer = new StreamReplayer(stream, new ReplayOptions { Parallelism = 2, Linger = TimeSpan.Zero }, rejected: (e, reason) => rejected.Add((e.TransactionId, reason)));
        TransactionEvent[] events = [Event(1), Event(2, merchant: new string('M', megabytes * 1024 * 1024)), Event(3)];

        ReplayProgress progress = await replayer.RunAsync(events, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(2, progress.Sent);
        Assert.Equal(1, progress.Rejected);
        Assert.Equal(0, progress.Failed);
        (string id, string reason) = Assert.Single(rejected);
        Assert.Equal("t2", id);
        Assert.Contains("a stream record holds at most 1,048,576 bytes", reason, StringComparison.Ordinal);
        Assert.Equal(2, Enumerable.Range(0, stream.ShardCount).Sum(i => stream.ReadBetween(i, 0, long.MaxValue).Count));
    }

    [Fact]
    public async Task RunAsync_OnePersonsAccounts_KeyedByThePersonOnOneShard()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 4, ShardCapacity = 1_000 });
        var replayer = new StreamReplayer(stream, new ReplayOptions { Parallelism = 2, Linger = TimeSpan.Zero });
        var person = new CustomerIdentity { PersonId = "plaid-user:user-7" };
        // Twenty accounts of one person (the DP report's privacy unit) and twenty accounts of twenty cardholders.
        TransactionEvent[] events = [.. Enumerable.Range(0, 20).Select(i => Event(i, card: $"acc-{i}") with { Customer = person }), .. Enumerable.Range(20, 20).Select(i => Event(i, card: $"card-{i}"))];

        await replayer.RunAsync(events, CancellationToken.None).WaitAsync(s_timeout);

        List<(int Shard, StreamRecord Record)> records = [.. Enumerable.Range(0, stream.ShardCount).SelectMany(i => stream.ReadBetween(i, 0, long.MaxValue).Select(r => (i, r)))];
        Assert.Equal(40, records.Count);
        Assert.Single(records.Where(r => r.Record.PartitionKey == "plaid-user:user-7").Select(r => r.Shard).Distinct());
        Assert.Equal(20, records.Count(r => r.Record.PartitionKey == "plaid-user:user-7"));
        // Without a person id, the card is the person.
        Assert.Equal(20, records.Count(r => r.Record.PartitionKey.StartsWith("card-", StringComparison.Ordinal)));
        Assert.True(records.Where(r => r.Record.PartitionKey.StartsWith("card-", StringComparison.Ordinal)).Select(r => r.Shard).Distinct().Count() > 1, "twenty cardholders all on one shard");
    }

    [Fact]
    public async Task RunAsync_PartitionKeyOver256_RejectedNotThrown()
    {
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1, ShardCapacity = 1_000 });
        var reasons = new List<string>();
        var replayer = new StreamReplayer(stream, new ReplayOptions { Parallelism = 1, Linger = TimeSpan.Zero }, rejected: (_, reason) => reasons.Add(reason));

        ReplayProgress progress = await replayer.RunAsync([Event(1, card: new string('9', 300)), Event(2)], CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(1, progress.Sent);
        Assert.Equal("the partition key (the person's or card/account id) has 300 characters; a stream takes 1 to 256", Assert.Single(reasons));
    }

    [Fact]
    public async Task RunAsync_RecordsNearTheRecordLimit_BatchesSplitUnderRequestLimit()
    {
        // Six records of just under 1 MiB each cannot share one 5 MiB request: the sender must split them, not wait.
        var stream = new EmbeddedStream(new EmbeddedStreamOptions { ShardCount = 1, ShardCapacity = 1_000 });
        var replayer = new StreamReplayer(stream, new ReplayOptions { Parallelism = 1, Linger = TimeSpan.FromMilliseconds(20) });
        TransactionEvent[] events = Enumerable.Range(0, 6).Select(i => Event(i, merchant: new string('M', StreamLimits.MaxBytesPerRecord - 400))).ToArray();

        ReplayProgress progress = await replayer.RunAsync(events, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(6, progress.Sent);
        Assert.Equal(0, progress.Rejected);
    }
}
