using StreamGuard.Tests.Shared.Support;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Core.Model;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>Plaid corrections reaching the DynamoDB counters: modified, removed, pending replaced by posted.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class WorkerCorrectionTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Worker_ModifiedRemovedAndPostedTransactions_DynamoDbCountersHoldOnlyTheFinalVersions()
    {
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2));
        await system.CreateAsync(shards: 1);
        List<TransactionEvent> e = TestEvents.Create(4, system.RunId, cards: 1);
        foreach (TransactionEvent x in e)
        {
            x.SourceCategory = "grocery_pos";
        }

        (TransactionEvent a, TransactionEvent b, TransactionEvent pending, TransactionEvent other) = (e[0], e[1], e[2], e[3]);
        a.Amount = 10m;
        b.Amount = 20m;
        pending.Amount = 5m;
        pending.Pending = true;
        other.Amount = 1m;
        RunningWorker worker = system.Start("worker-a");
        await system.ReplayAsync([a, b, pending]);
        await Eventually.WaitAsync(() => worker.Worker.Pipeline.Counters.Processed == 3, s_deadline, () => $"processed {worker.Worker.Pipeline.Counters.Processed}");

        // The corrections arrive together (one batch): `other` is added and modified within it too.
        TransactionEvent Change(TransactionEvent original, ChangeKind kind, decimal amount) => new()
        {
            TransactionId = original.TransactionId,
            EventTime = original.EventTime,
            Amount = amount,
            Merchant = original.Merchant,
            SourceCategory = original.SourceCategory,
            AccountId = original.AccountId,
            Customer = original.Customer,
            MerchantLocation = original.MerchantLocation,
            Change = kind,
        };
        TransactionEvent posted = Change(pending, ChangeKind.Added, 7m);
        posted.TransactionId = pending.TransactionId + "-posted";
        posted.PendingTransactionId = pending.TransactionId;
        await system.ReplayAsync([Change(a, ChangeKind.Modified, 15m), Change(b, ChangeKind.Removed, 0m), posted, other, Change(other, ChangeKind.Modified, 3m)]);
        await Eventually.WaitAsync(() => worker.Worker.Pipeline.Counters.Processed == 8, s_deadline, () => $"processed {worker.Worker.Pipeline.Counters.Processed}");
        worker.ThrowIfFailed();

        List<WindowTotal> days = [.. (await system.ScanAsync(system.Options.Sinks.AggregatesTable)).SelectMany(DynamoDbAggregateItems.Read)
            .Where(t => t.Window == "day" && t.KeyKind == "category")];
        Assert.Equal(3, days.Sum(t => t.Count));
        Assert.Equal(15m + 7m + 3m, days.Sum(t => t.Amount));

        Dictionary<string, AttributeValue> profile = Assert.Single(await system.ScanAsync(system.Options.Sinks.ProfilesTable));
        Assert.Equal("3", profile[ShardGuardedCounters.CountAttribute].N);
        Assert.Equal(25m, decimal.Parse(profile[ShardGuardedCounters.AmountAttribute].N, System.Globalization.CultureInfo.InvariantCulture));

        List<Dictionary<string, AttributeValue>> stored = await system.ScanAsync(system.Options.Sinks.TransactionsTable);
        // Stored under the keyed ids of the source ids (corrections matched on them).
        Assert.Equal(
            new[] { a.TransactionId, other.TransactionId, posted.TransactionId }.Select(system.Keys.TransactionId).Order(),
            stored.Select(i => i[DynamoDbSink.TransactionKey].S).Order());
        Assert.Equal("15", stored.Single(i => i[DynamoDbSink.TransactionKey].S == system.Keys.TransactionId(a.TransactionId))["amount"].N);
    }
}
