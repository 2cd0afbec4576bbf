using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Aws.Tests.Dashboard;

/// <summary>Verdicts in DynamoDB (aws mode) on dynalite over real HTTP.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DynamoDbVerdictStoreTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset s_at = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordAsync_SameVerdictTwiceThenChanged_CountsOnceAndWaitsAgain()
    {
        using var dynamo = emulators.CreateDynamoDbClient();
        string table = "sg-verdicts-" + Guid.NewGuid().ToString("N")[..10];
        using var store = new DynamoDbVerdictStore(dynamo, table);
        await store.EnsureTableAsync(s_timeout, CancellationToken.None).WaitAsync(s_timeout);
        AnalystVerdict[] fraud = [Verdict("txn_a", "card_1", isFraud: true), Verdict("txn_b", "card_1", isFraud: true), Verdict("txn_c", "card_2", isFraud: false)];

        Assert.Equal(3, await store.RecordAsync(fraud, CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal(0, await store.RecordAsync(fraud, CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal(new VerdictCounts(2, 1, 3), await store.CountsAsync(CancellationToken.None).WaitAsync(s_timeout));

        await store.MarkPostedAsync(["txn_a", "txn_b", "txn_c"], CancellationToken.None).WaitAsync(s_timeout);
        Assert.Empty(await store.WaitingAsync(10, CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal(1, await store.RecordAsync([Verdict("txn_a", "card_1", isFraud: false)], CancellationToken.None).WaitAsync(s_timeout));

        // A new store over the same table: what a restarted console sees.
        using var restarted = new DynamoDbVerdictStore(dynamo, table);
        Assert.Equal(new VerdictCounts(1, 2, 1), await restarted.CountsAsync(CancellationToken.None).WaitAsync(s_timeout));
        AnalystVerdict waiting = Assert.Single(await restarted.WaitingAsync(10, CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal(("txn_a", false, "cust_card_1"), (waiting.TransactionId, waiting.IsFraud, waiting.CustomerId));
        Assert.Equal(["txn_a", "txn_b"], (await restarted.ReadAsync("card_1", 10, CancellationToken.None).WaitAsync(s_timeout)).Select(v => v.TransactionId).Order(StringComparer.Ordinal));
        Assert.Equal(s_at, waiting.EventTime);

        await restarted.MarkAllWaitingAsync(CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(3, (await restarted.WaitingAsync(10, CancellationToken.None).WaitAsync(s_timeout)).Count);
    }

    private static AnalystVerdict Verdict(string transactionId, string cardId, bool isFraud) =>
        new(transactionId, cardId, "cust_" + cardId, isFraud, s_at, s_at.AddHours(isFraud ? 1 : 2), Posted: false);
}
