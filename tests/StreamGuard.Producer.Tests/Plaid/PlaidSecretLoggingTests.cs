using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidSecretLoggingTests
{
    [Fact]
    public async Task PlaidCalls_RetriesErrorsAndSyncs_NeverLogSecretOrAccessToken()
    {
        await using var host = new PlaidTestHost(pageSize: 1, maxRetries: 2);
        FakePlaidItem item = host.Server.AddItem()
            .Add(FakePlaidItem.Transaction("a", "acc-1", 1m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("b", "acc-1", 2m, "2024-03-01"));
        host.Server.FailNext("/transactions/sync", 429, "RATE_LIMIT_EXCEEDED", "TRANSACTIONS_SYNC_LIMIT");
        host.Server.FailNext("/transactions/refresh", 500, "API_ERROR", "INTERNAL_SERVER_ERROR", times: 5);
        host.Server.FailNextWithHtml("/transactions/get", 503);
        item.AfterSyncPage = (it, served) =>
        {
            if (served == 1)
            {
                it.Modify(FakePlaidItem.Transaction("a", "acc-1", 3m, "2024-03-01"));
            }
        };

        var committer = new RecordingCommitter();
        PlaidSyncOutcome outcome = await host.Syncer.SyncAsync(item.ItemId, item.AccessToken, null, committer, CancellationToken.None).Within();
        PlaidResult<TransactionsRefreshResponse> refresh = await host.Client.RefreshTransactionsAsync(new TransactionsRefreshRequest(item.AccessToken), CancellationToken.None).Within();
        await host.Client.GetTransactionsAsync(new TransactionsGetRequest { AccessToken = item.AccessToken, StartDate = "2024-01-01", EndDate = "2024-12-31" }, CancellationToken.None).Within();
        PlaidResult<ItemPublicTokenExchangeResponse> exchange = await host.Client.ExchangePublicTokenAsync(new ItemPublicTokenExchangeRequest("public-bogus"), CancellationToken.None).Within();

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(1, outcome.Restarts);
        Assert.False(refresh.IsSuccess);
        Assert.False(exchange.IsSuccess);
        string logs = host.Logs.All;
        Assert.Contains("retry", logs, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("restarting the round", logs, StringComparison.Ordinal);
        Assert.Contains("INTERNAL_SERVER_ERROR", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(FakePlaidServer.Secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(item.AccessToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("public-bogus", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(FakePlaidServer.Secret, refresh.Error!.ToString(), StringComparison.Ordinal);
    }
}
