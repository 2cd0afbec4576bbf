using StreamGuard.Core.Ingestion.Plaid;
using StreamGuard.Core.Model;
using StreamGuard.Plaid;

namespace StreamGuard.Core.Tests.Plaid;

public sealed class PlaidSyncEventBuilderTests
{
    private static readonly DateTimeOffset s_now = new(2024, 3, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_PostedListedWithPendingRemovedOnALaterPage_AddsNoSecondRemoval()
    {
        TransactionsSyncResponse[] pages =
        [
            new() { Added = [Posted("post-1", "pend-1", 20m)] },
            new() { Removed = [new PlaidRemovedTransaction("pend-1", "acc-1")] },
        ];

        (List<TransactionEvent> events, List<DeadLetter> deadLetters, int superseded) = PlaidSyncEventBuilder.Build("item-1", pages, s_now);

        Assert.Empty(deadLetters);
        Assert.Equal(0, superseded);
        Assert.Equal([("post-1", ChangeKind.Added), ("pend-1", ChangeKind.Removed)], events.Select(e => (e.TransactionId, e.Change)));
        Assert.Equal("pend-1", events[0].PendingTransactionId);
    }

    [Fact]
    public void Build_PostedWithoutPendingRemoval_EmitsRemovalFirstAndOnlyOnce()
    {
        TransactionsSyncResponse[] pages =
        [
            new() { Added = [Posted("post-1", "pend-1", 20m), Posted("post-1b", "pend-1", 1m)] },
        ];

        (List<TransactionEvent> events, _, int superseded) = PlaidSyncEventBuilder.Build("item-1", pages, s_now);

        Assert.Equal(1, superseded);
        Assert.Equal(
            [("pend-1", ChangeKind.Removed), ("post-1", ChangeKind.Added), ("post-1b", ChangeKind.Added)],
            events.Select(e => (e.TransactionId, e.Change)));
        TransactionEvent removal = events[0];
        Assert.Equal(("acc-1", 0m, s_now, TransactionSource.Plaid), (removal.AccountId, removal.Amount, removal.EventTime, removal.Source));
        Assert.Null(removal.PendingTransactionId);
    }

    [Fact]
    public void Build_PendingTransactionWithPendingId_IsNotTreatedAsPosted()
    {
        TransactionsSyncResponse[] pages = [new() { Added = [Posted("p-2", "p-1", 5m) with { Pending = true }] }];

        (List<TransactionEvent> events, _, int superseded) = PlaidSyncEventBuilder.Build("item-1", pages, s_now);

        Assert.Equal(0, superseded);
        Assert.Single(events);
    }

    [Fact]
    public void Build_RemovedWithoutId_IsDeadLetteredWithItsPosition()
    {
        TransactionsSyncResponse[] pages = [new(), new() { Removed = [new PlaidRemovedTransaction(null, "acc-1")] }];

        (List<TransactionEvent> events, List<DeadLetter> deadLetters, _) = PlaidSyncEventBuilder.Build("item-1", pages, s_now);

        Assert.Empty(events);
        DeadLetter deadLetter = Assert.Single(deadLetters);
        Assert.Equal(("plaid:item:item-1", "sync page 2 removed[0]", "removed entry has no transaction_id"), (deadLetter.Origin, deadLetter.Position, deadLetter.Reason));
        Assert.Contains("acc-1", deadLetter.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NullListsAndNullEntries_ReadAsEmptyAndDeadLetterTheNullEntry()
    {
        const string json = """{"added":null,"modified":[null],"removed":[null,{"transaction_id":"gone","account_id":"acc-1"}],"next_cursor":null,"has_more":false,"surprise":{"x":[1]}}""";
        TransactionsSyncResponse page = System.Text.Json.JsonSerializer.Deserialize(json, PlaidJsonContext.Default.TransactionsSyncResponse)!;

        (List<TransactionEvent> events, List<DeadLetter> deadLetters, _) = PlaidSyncEventBuilder.Build("item-1", [page], s_now);

        Assert.Empty(page.Added);
        Assert.Equal("", page.NextCursor);
        Assert.Equal(("gone", ChangeKind.Removed), (Assert.Single(events).TransactionId, events[0].Change));
        Assert.Equal(["sync page 1 removed[0]", "sync page 1 modified[0]"], deadLetters.Select(d => d.Position));
        Assert.All(deadLetters, d => Assert.Equal("the entry is JSON null", d.Reason));
    }

    private static PlaidTransaction Posted(string id, string pendingId, decimal amount) => new()
    {
        TransactionId = id,
        AccountId = "acc-1",
        Amount = amount,
        Date = "2024-03-02",
        Name = "Shop",
        PendingTransactionId = pendingId,
    };
}
