using System.Text.Json.Nodes;
using StreamGuard.Core.Model;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidTransactionSyncerTests
{
    [Fact]
    public async Task SyncAsync_SevenChangesPageSizeThree_FollowsCursorsAndCommitsOnceWithFinalCursor()
    {
        await using var host = new PlaidTestHost(pageSize: 3);
        FakePlaidItem item = host.Server.AddItem();
        for (int i = 1; i <= 7; i++)
        {
            item.Add(FakePlaidItem.Transaction($"t{i}", "acc-1", i * 1.5m, "2024-03-01"));
        }

        var committer = new RecordingCommitter();
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        List<JsonObject> bodies = host.Server.RequestsTo("/transactions/sync").Select(r => r.Json).ToList();
        Assert.Equal([null, "page:7:3", "page:7:6"], bodies.Select(b => (string?)b["cursor"]));
        Assert.All(bodies, b => Assert.Equal(3, (int?)b["count"]));
        Assert.All(bodies, b => Assert.Equal(item.AccessToken, (string?)b["access_token"]));
        PlaidSyncBatch batch = Assert.Single(committer.Batches);
        Assert.Equal(["t1", "t2", "t3", "t4", "t5", "t6", "t7"], batch.Events.Select(e => e.TransactionId));
        Assert.All(batch.Events, e => Assert.Equal(ChangeKind.Added, e.Change));
        Assert.Equal(1.5m * 28, batch.Events.Sum(e => e.Amount));
        Assert.Null(batch.PreviousCursor);
        Assert.Equal("done:7", batch.NextCursor);
        Assert.Equal(3, outcome.Pages);
    }

    [Fact]
    public async Task SyncAsync_MutationDuringPagination_RestartsFromRoundStartAndDiscardsBufferedPages()
    {
        await using var host = new PlaidTestHost(pageSize: 2);
        FakePlaidItem item = host.Server.AddItem();
        for (int i = 1; i <= 3; i++)
        {
            item.Add(FakePlaidItem.Transaction($"old{i}", "acc-1", 1m, "2024-03-01"));
        }

        var first = new RecordingCommitter();
        await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, first, CancellationToken.None).Within();
        string roundStart = first.Cursor!;
        for (int i = 1; i <= 5; i++)
        {
            item.Add(FakePlaidItem.Transaction($"new{i}", "acc-1", 10m, "2024-03-02"));
        }

        int pagesBefore = item.SyncPagesServed;
        item.AfterSyncPage = (it, served) =>
        {
            if (served == pagesBefore + 1)
            {
                // The bank reports a change while the client is between pages of this round.
                it.Modify(FakePlaidItem.Transaction("new1", "acc-1", 12m, "2024-03-02"));
            }
        };
        int requestsBefore = host.Server.RequestsTo("/transactions/sync").Count;

        var committer = new RecordingCommitter();
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, roundStart, committer, CancellationToken.None).Within();

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(1, outcome.Restarts);
        List<string?> cursors = host.Server.RequestsTo("/transactions/sync").Skip(requestsBefore).Select(r => (string?)r.Json["cursor"]).ToList();
        Assert.Equal(roundStart, cursors[0]);
        Assert.StartsWith("page:", cursors[1], StringComparison.Ordinal);
        Assert.Equal(roundStart, cursors[2]);
        PlaidSyncBatch batch = Assert.Single(committer.Batches);
        Assert.Equal(roundStart, batch.PreviousCursor);
        Assert.Equal(["new1", "new2", "new3", "new4", "new5", "new1"], batch.Events.Select(e => e.TransactionId));
        Assert.Equal(ChangeKind.Modified, batch.Events[^1].Change);
        Assert.Equal(12m, batch.Events[^1].Amount);
        Assert.Equal("done:9", batch.NextCursor);
    }

    [Fact]
    public async Task SyncAsync_MutationOnEveryRound_GivesUpAfterMaxRestartsWithoutCommitting()
    {
        await using var host = new PlaidTestHost(pageSize: 1, maxMutationRestarts: 2);
        FakePlaidItem item = host.Server.AddItem()
            .Add(FakePlaidItem.Transaction("a", "acc-1", 1m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("b", "acc-1", 1m, "2024-03-01"));
        int n = 0;
        item.AfterSyncPage = (it, _) => it.Modify(FakePlaidItem.Transaction("a", "acc-1", ++n, "2024-03-01"));

        var committer = new RecordingCommitter();
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();

        Assert.False(outcome.Succeeded);
        Assert.Equal(PlaidErrorCodes.ClientTooManyRestartsType, outcome.Error!.ErrorType);
        Assert.Equal(2, outcome.Restarts);
        Assert.Null(outcome.Cursor);
        Assert.Empty(committer.Batches);
    }

    [Fact]
    public async Task SyncAsync_ModifiedAndRemovedAfterCommittedCursor_EmitsOnlyTheCorrections()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem()
            .Add(FakePlaidItem.Transaction("t1", "acc-1", 20m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("t2", "acc-1", 30m, "2024-03-01"));
        var committer = new RecordingCommitter();
        await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();

        item.Modify(FakePlaidItem.Transaction("t1", "acc-1", 25m, "2024-03-01", merchant: "Corner Shop Ltd"));
        item.Remove("t2", "acc-1");
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, committer.Cursor, committer, CancellationToken.None).Within();

        Assert.True(outcome.Succeeded);
        Assert.Equal((0, 1, 1), (outcome.Added, outcome.Modified, outcome.Removed));
        PlaidSyncBatch second = committer.Batches.Last();
        Assert.Equal("done:2", second.PreviousCursor);
        Assert.Equal(2, second.Events.Count);
        TransactionEvent removed = second.Events.Single(e => e.Change == ChangeKind.Removed);
        Assert.Equal(("t2", "acc-1"), (removed.TransactionId, removed.AccountId));
        TransactionEvent modified = second.Events.Single(e => e.Change == ChangeKind.Modified);
        Assert.Equal(("t1", 25m, "Corner Shop Ltd"), (modified.TransactionId, modified.Amount, modified.Merchant));
    }

    [Fact]
    public async Task SyncAsync_NothingNew_CommitsNothing()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem().Add(FakePlaidItem.Transaction("t1", "acc-1", 20m, "2024-03-01"));
        var committer = new RecordingCommitter();
        await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();

        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, committer.Cursor, committer, CancellationToken.None).Within();

        Assert.True(outcome.Succeeded);
        Assert.Single(committer.Batches);
        Assert.Equal("done:1", outcome.Cursor);
    }

    [Fact]
    public async Task SyncAsync_PendingThenPosted_PostedCarriesPendingIdAndPendingIsRemovedOnce()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem().Add(FakePlaidItem.Transaction("pend-1", "acc-1", 42.17m, "2024-03-01", pending: true));
        var committer = new RecordingCommitter();
        await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();

        item.Add(FakePlaidItem.Transaction("post-1", "acc-1", 42.17m, "2024-03-02", pendingTransactionId: "pend-1"));
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, committer.Cursor, committer, CancellationToken.None).Within();

        Assert.Equal(0, outcome.PendingSuperseded);
        List<TransactionEvent> all = [.. committer.Batches.SelectMany(b => b.Events)];
        Assert.Equal(
            [("pend-1", ChangeKind.Added), ("pend-1", ChangeKind.Removed), ("post-1", ChangeKind.Added)],
            all.Select(e => (e.TransactionId, e.Change)));
        Assert.Equal("pend-1", all[2].PendingTransactionId);
        Assert.Equal(42.17m, NetAmount(all));
    }

    [Fact]
    public async Task SyncAsync_PostedWithoutPendingInRemoved_EmitsRemovalForThePendingOne()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem();
        item.OmitSupersededPendingFromRemoved = true;
        item.Add(FakePlaidItem.Transaction("pend-9", "acc-7", 9.99m, "2024-03-01", pending: true));
        var committer = new RecordingCommitter();
        await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();

        item.Add(FakePlaidItem.Transaction("post-9", "acc-7", 9.99m, "2024-03-02", pendingTransactionId: "pend-9"));
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, committer.Cursor, committer, CancellationToken.None).Within();

        Assert.Equal(1, outcome.PendingSuperseded);
        IReadOnlyList<TransactionEvent> second = committer.Batches.Last().Events;
        Assert.Equal([("pend-9", ChangeKind.Removed), ("post-9", ChangeKind.Added)], second.Select(e => (e.TransactionId, e.Change)));
        Assert.Equal("acc-7", second[0].AccountId);
        Assert.Equal(9.99m, NetAmount(committer.Batches.SelectMany(b => b.Events)));
    }

    [Fact]
    public async Task SyncAsync_RateLimitedMidRound_RetriesThePageAndCompletes()
    {
        await using var host = new PlaidTestHost(pageSize: 1);
        FakePlaidItem item = host.Server.AddItem()
            .Add(FakePlaidItem.Transaction("a", "acc-1", 1m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("b", "acc-1", 2m, "2024-03-01"));
        item.AfterSyncPage = (_, served) =>
        {
            if (served == 1)
            {
                host.Server.FailNext("/transactions/sync", 429, "RATE_LIMIT_EXCEEDED", "TRANSACTIONS_SYNC_LIMIT");
            }
        };

        var committer = new RecordingCommitter();
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(0, outcome.Restarts);
        Assert.Equal(["a", "b"], Assert.Single(committer.Batches).Events.Select(e => e.TransactionId));
        List<string?> cursors = host.Server.RequestsTo("/transactions/sync").Select(r => (string?)r.Json["cursor"]).ToList();
        Assert.Equal([null, "page:2:1", "page:2:1"], cursors);
    }

    [Fact]
    public async Task SyncAsync_ItemErrorOnSecondPage_CommitsNothingAndKeepsCursor()
    {
        await using var host = new PlaidTestHost(pageSize: 1);
        FakePlaidItem item = host.Server.AddItem()
            .Add(FakePlaidItem.Transaction("a", "acc-1", 1m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("b", "acc-1", 2m, "2024-03-01"));
        item.AfterSyncPage = (_, served) =>
        {
            if (served == 1)
            {
                host.Server.FailNext("/transactions/sync", 400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED");
            }
        };

        var committer = new RecordingCommitter();
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, "done:0", committer, CancellationToken.None).Within();

        Assert.False(outcome.Succeeded);
        Assert.Equal("ITEM_LOGIN_REQUIRED", outcome.Error!.ErrorCode);
        Assert.Equal("done:0", outcome.Cursor);
        Assert.Empty(committer.Batches);
    }

    [Fact]
    public async Task SyncAsync_TransactionWithoutAmount_DeadLettersItAndDeliversTheRest()
    {
        await using var host = new PlaidTestHost();
        JsonObject broken = FakePlaidItem.Transaction("bad", "acc-1", 1m, "2024-03-01");
        broken.Remove("amount");
        FakePlaidItem item = host.Server.AddItem().Add(broken).Add(FakePlaidItem.Transaction("good", "acc-1", 5m, "2024-03-01"));

        var committer = new RecordingCommitter();
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();

        PlaidSyncBatch batch = Assert.Single(committer.Batches);
        Assert.Equal("good", Assert.Single(batch.Events).TransactionId);
        DeadLetter deadLetter = Assert.Single(batch.DeadLetters);
        Assert.Contains("amount is missing", deadLetter.Reason, StringComparison.Ordinal);
        Assert.Equal("sync page 1 added[0]", deadLetter.Position);
        Assert.Contains("\"bad\"", deadLetter.Payload, StringComparison.Ordinal);
        Assert.Equal(1, outcome.DeadLetters);
    }

    /// <summary>What an aggregate keyed by transaction id ends with: latest amount per id, removed ids dropped.</summary>
    private static decimal NetAmount(IEnumerable<TransactionEvent> events)
    {
        var current = new Dictionary<string, decimal>();
        foreach (TransactionEvent e in events)
        {
            if (e.Change == ChangeKind.Removed)
            {
                current.Remove(e.TransactionId);
            }
            else
            {
                current[e.TransactionId] = e.Amount;
            }
        }

        return current.Values.Sum();
    }
}
