using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Scoring;

namespace StreamGuard.Aws.Tests.Dashboard;

/// <summary>aws mode: the console's verdicts in DynamoDB reach a worker's scorer as labels (dynalite over real HTTP).</summary>
[Collection(EmulatorCollection.Name)]
public sealed class VerdictLabelFeedTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset s_at = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PollOnceAsync_VerdictsStoredThenOneChanged_EachPostedOnceAndTheChangeAgain()
    {
        using var dynamo = emulators.CreateDynamoDbClient();
        string table = "sg-verdicts-" + Guid.NewGuid().ToString("N")[..10];
        using var store = new DynamoDbVerdictStore(dynamo, table);
        var inbox = new LabelInbox();
        var feed = new VerdictLabelFeed(store, inbox, TimeSpan.FromSeconds(5), TimeProvider.System, NullLogger.Instance);

        // No console has stored a verdict yet: the table is missing and nothing is posted.
        Assert.Equal(0, await feed.PollOnceAsync(CancellationToken.None).WaitAsync(s_timeout));

        await store.EnsureTableAsync(s_timeout, CancellationToken.None).WaitAsync(s_timeout);
        await store.RecordAsync([Verdict("txn_a", "card_1", isFraud: true), Verdict("txn_b", "card_2", isFraud: false)], CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(2, await feed.PollOnceAsync(CancellationToken.None).WaitAsync(s_timeout));
        Assert.Equal(0, await feed.PollOnceAsync(CancellationToken.None).WaitAsync(s_timeout));

        var labels = new List<FraudLabel>();
        inbox.Drain(labels);
        Assert.Equal([("txn_a", "card_1", true), ("txn_b", "card_2", false)], labels.Select(l => (l.TransactionId, l.CardId, l.IsFraud)).OrderBy(l => l.TransactionId, StringComparer.Ordinal));
        Assert.All(labels, l => Assert.Equal(FraudLabel.AnalystSource, l.Source));
        // The console sees that a worker took them.
        Assert.Empty(await store.WaitingAsync(10, CancellationToken.None).WaitAsync(s_timeout));

        // The analyst changes a verdict: it is posted again with the new label; a second worker posts everything once.
        await store.RecordAsync([Verdict("txn_a", "card_1", isFraud: false)], CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(1, await feed.PollOnceAsync(CancellationToken.None).WaitAsync(s_timeout));
        labels.Clear();
        inbox.Drain(labels);
        Assert.Equal(("txn_a", false), (Assert.Single(labels).TransactionId, labels[0].IsFraud));
        var second = new VerdictLabelFeed(store, new LabelInbox(), TimeSpan.FromSeconds(5), TimeProvider.System, NullLogger.Instance);
        Assert.Equal(2, await second.PollOnceAsync(CancellationToken.None).WaitAsync(s_timeout));
    }

    private static AnalystVerdict Verdict(string transactionId, string cardId, bool isFraud) =>
        new(transactionId, cardId, "cust_" + cardId, isFraud, s_at, s_at.AddHours(isFraud ? 1 : 2), Posted: false);
}
