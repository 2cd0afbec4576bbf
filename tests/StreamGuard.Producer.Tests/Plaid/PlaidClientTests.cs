using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using StreamGuard.Plaid;
using StreamGuard.Tests.Shared.Support;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidClientTests
{
    [Fact]
    public async Task CreateLinkTokenAsync_ValidRequest_SendsCredentialsHeadersAndFields()
    {
        await using var host = new PlaidTestHost();
        var request = new LinkTokenCreateRequest { ClientName = "StreamGuard", User = new LinkTokenUser("user-42"), Webhook = "https://example.test/hook" };

        PlaidResult<LinkTokenCreateResponse> result = await host.Client.CreateLinkTokenAsync(request, CancellationToken.None).Within();

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.StartsWith("link-sandbox-", result.Value.LinkToken, StringComparison.Ordinal);
        Assert.Equal("2030-01-01T04:00:00Z", result.Value.Expiration);
        RecordedPlaidRequest sent = Assert.Single(host.Server.RequestsTo("/link/token/create"));
        Assert.Equal("2020-09-14", sent.PlaidVersion);
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        JsonObject body = sent.Json;
        Assert.Equal(FakePlaidServer.ClientId, (string?)body["client_id"]);
        Assert.Equal(FakePlaidServer.Secret, (string?)body["secret"]);
        Assert.Equal("user-42", (string?)body["user"]!["client_user_id"]);
        Assert.Equal("transactions", (string?)body["products"]![0]);
        Assert.Equal("US", (string?)body["country_codes"]![0]);
        Assert.Equal("https://example.test/hook", (string?)body["webhook"]);
        Assert.False(body.ContainsKey("access_token"), "null optional fields are left out");
    }

    [Fact]
    public async Task CreateSandboxPublicTokenAsync_ThenExchange_ReturnsItemAndAccessToken()
    {
        await using var host = new PlaidTestHost();
        PlaidResult<SandboxPublicTokenCreateResponse> created = await host.Client.CreateSandboxPublicTokenAsync(
            new SandboxPublicTokenCreateRequest { InstitutionId = "ins_109508" }, CancellationToken.None).Within();
        Assert.True(created.IsSuccess, created.Error?.ToString());

        PlaidResult<ItemPublicTokenExchangeResponse> exchanged = await host.Client.ExchangePublicTokenAsync(
            new ItemPublicTokenExchangeRequest(created.Value.PublicToken), CancellationToken.None).Within();

        Assert.True(exchanged.IsSuccess, exchanged.Error?.ToString());
        FakePlaidItem item = Assert.Single(host.Server.Items);
        Assert.Equal(item.ItemId, exchanged.Value.ItemId);
        Assert.Equal(item.AccessToken, exchanged.Value.AccessToken);
        JsonObject createBody = Assert.Single(host.Server.RequestsTo("/sandbox/public_token/create")).Json;
        Assert.Equal("ins_109508", (string?)createBody["institution_id"]);
        Assert.Equal("transactions", (string?)createBody["initial_products"]![0]);
        JsonObject exchangeBody = Assert.Single(host.Server.RequestsTo("/item/public_token/exchange")).Json;
        Assert.Equal(created.Value.PublicToken, (string?)exchangeBody["public_token"]);
        Assert.Equal(FakePlaidServer.Secret, (string?)exchangeBody["secret"]);
        Assert.DoesNotContain(item.AccessToken, exchanged.Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangePublicTokenAsync_ExpiredToken_ReturnsTypedErrorWithoutRetry()
    {
        await using var host = new PlaidTestHost();
        PlaidResult<ItemPublicTokenExchangeResponse> result = await host.Client.ExchangePublicTokenAsync(
            new ItemPublicTokenExchangeRequest("public-sandbox-expired"), CancellationToken.None).Within();

        Assert.False(result.IsSuccess);
        Assert.Equal("INVALID_INPUT", result.Error.ErrorType);
        Assert.Equal("INVALID_PUBLIC_TOKEN", result.Error.ErrorCode);
        Assert.Equal("The link session expired.", result.Error.DisplayMessage);
        Assert.Equal(400, result.Error.HttpStatus);
        Assert.StartsWith("req-", result.Error.RequestId, StringComparison.Ordinal);
        Assert.Single(host.Server.RequestsTo("/item/public_token/exchange"));
    }

    [Fact]
    public async Task SyncTransactionsAsync_RateLimitedTwiceThenOk_RetriesSameBodyAndSucceeds()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem().Add(FakePlaidItem.Transaction("t1", "acc-1", 10m, "2024-03-01"));
        host.Server.FailNext("/transactions/sync", 429, "RATE_LIMIT_EXCEEDED", "TRANSACTIONS_SYNC_LIMIT", times: 2);

        PlaidResult<TransactionsSyncResponse> result = await host.Client.SyncTransactionsAsync(
            new TransactionsSyncRequest { AccessToken = item.AccessToken, Count = 100 }, CancellationToken.None).Within();

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("t1", Assert.Single(result.Value.Added).TransactionId);
        IReadOnlyList<RecordedPlaidRequest> sent = host.Server.RequestsTo("/transactions/sync");
        Assert.Equal(3, sent.Count);
        Assert.All(sent, r => Assert.Equal(sent[0].Body, r.Body));
        JsonObject body = sent[0].Json;
        Assert.Equal(item.AccessToken, (string?)body["access_token"]);
        Assert.Equal(100, (int?)body["count"]);
        Assert.False(body.ContainsKey("cursor"), "the first sync of an item sends no cursor");
    }

    [Fact]
    public async Task SyncTransactionsAsync_ServerErrorsOutlastRetries_ReturnsApiErrorAfterAllAttempts()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem();
        host.Server.FailNext("/transactions/sync", 500, "API_ERROR", "INTERNAL_SERVER_ERROR", times: 10);

        PlaidResult<TransactionsSyncResponse> result = await host.Client.SyncTransactionsAsync(
            new TransactionsSyncRequest { AccessToken = item.AccessToken }, CancellationToken.None).Within();

        Assert.False(result.IsSuccess);
        Assert.Equal("API_ERROR", result.Error.ErrorType);
        Assert.Equal("INTERNAL_SERVER_ERROR", result.Error.ErrorCode);
        Assert.Equal(500, result.Error.HttpStatus);
        Assert.Equal(4, host.Server.RequestsTo("/transactions/sync").Count);
    }

    [Fact]
    public async Task SyncTransactionsAsync_BadGatewayHtmlThenOk_RetriesAndSucceeds()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem();
        host.Server.FailNextWithHtml("/transactions/sync", 502);

        PlaidResult<TransactionsSyncResponse> result = await host.Client.SyncTransactionsAsync(
            new TransactionsSyncRequest { AccessToken = item.AccessToken }, CancellationToken.None).Within();

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(2, host.Server.RequestsTo("/transactions/sync").Count);
    }

    [Fact]
    public async Task SyncTransactionsAsync_WrongSecret_ReturnsInvalidApiKeys()
    {
        await using var server = FakePlaidServer.Start();
        var options = new PlaidOptions { BaseUrl = server.BaseUrl, ClientId = FakePlaidServer.ClientId, Secret = "wrong" };
        using var http = new HttpClient();
        var client = new PlaidClient(http, Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Logging.Abstractions.NullLogger<PlaidClient>.Instance, TimeProvider.System);

        PlaidResult<TransactionsSyncResponse> result = await client.SyncTransactionsAsync(
            new TransactionsSyncRequest { AccessToken = "access-sandbox-x" }, CancellationToken.None).Within();

        Assert.False(result.IsSuccess);
        Assert.Equal("INVALID_API_KEYS", result.Error.ErrorCode);
    }

    [Fact]
    public async Task RefreshTransactionsAsync_NothingListening_RetriesThenReturnsNetworkError()
    {
        var options = new PlaidOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{FakePlaidServer.FreePort()}/"),
            ClientId = FakePlaidServer.ClientId,
            Secret = FakePlaidServer.Secret,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        };
        using var http = new HttpClient();
        var logs = new CapturingLoggerProvider();
        var client = new PlaidClient(http, Microsoft.Extensions.Options.Options.Create(options), new Microsoft.Extensions.Logging.Logger<PlaidClient>(new Microsoft.Extensions.Logging.LoggerFactory([logs])), TimeProvider.System);

        PlaidResult<TransactionsRefreshResponse> result = await client.RefreshTransactionsAsync(new TransactionsRefreshRequest("access-sandbox-x"), CancellationToken.None).Within();

        Assert.False(result.IsSuccess);
        Assert.Equal((PlaidErrorCodes.ClientNetworkErrorType, "NETWORK_ERROR", 0), (result.Error.ErrorType, result.Error.ErrorCode, result.Error.HttpStatus));
        Assert.Equal(2, logs.Entries.Count(e => e.Contains("gave no response", StringComparison.Ordinal)));
        Assert.DoesNotContain(FakePlaidServer.Secret, logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncTransactionsAsync_UnknownFieldsAndEnumValues_ParsesWithExactDecimalAmounts()
    {
        await using var host = new PlaidTestHost();
        JsonObject odd = FakePlaidItem.Transaction("t-odd", "acc-1", 1234567.89m, "2024-03-02");
        odd["payment_channel"] = "hologram";
        odd["personal_finance_category"]!["primary"] = "SPACE_TRAVEL";
        odd["brand_new_field"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };
        odd["amount"] = JsonValue.Create(0.1m + 0.2m);
        FakePlaidItem item = host.Server.AddItem().Add(odd).Add(FakePlaidItem.Transaction("t-big", "acc-1", 1234567.89m, "2024-03-02"));

        PlaidResult<TransactionsSyncResponse> result = await host.Client.SyncTransactionsAsync(
            new TransactionsSyncRequest { AccessToken = item.AccessToken }, CancellationToken.None).Within();

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(0.3m, result.Value.Added[0].Amount);
        Assert.Equal("hologram", result.Value.Added[0].PaymentChannel);
        Assert.Equal("SPACE_TRAVEL", result.Value.Added[0].PersonalFinanceCategory!.Primary);
        Assert.Equal(1234567.89m, result.Value.Added[1].Amount);
        Assert.Equal("HISTORICAL_UPDATE_COMPLETE", result.Value.TransactionsUpdateStatus);
    }

    [Fact]
    public async Task GetTransactionsAsync_OffsetPaging_ReturnsPagesAndTotal()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem();
        for (int i = 1; i <= 5; i++)
        {
            item.Add(FakePlaidItem.Transaction($"g{i}", "acc-1", i, $"2024-03-0{i}"));
        }

        item.Remove("g2", "acc-1");
        var request = new TransactionsGetRequest
        {
            AccessToken = item.AccessToken,
            StartDate = "2024-03-01",
            EndDate = "2024-03-04",
            Options = new TransactionsGetRequestOptions { Count = 2, Offset = 1 },
        };

        PlaidResult<TransactionsGetResponse> result = await host.Client.GetTransactionsAsync(request, CancellationToken.None).Within();

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(3, result.Value.TotalTransactions);
        Assert.Equal(["g3", "g4"], result.Value.Transactions.Select(t => t.TransactionId));
        JsonObject body = Assert.Single(host.Server.RequestsTo("/transactions/get")).Json;
        Assert.Equal("2024-03-01", (string?)body["start_date"]);
        Assert.Equal("2024-03-04", (string?)body["end_date"]);
        Assert.Equal(2, (int?)body["options"]!["count"]);
        Assert.Equal(1, (int?)body["options"]!["offset"]);
        Assert.Equal(item.AccessToken, (string?)body["access_token"]);
    }

    [Fact]
    public async Task RefreshTransactionsAsync_KnownItem_SendsAccessTokenAndReturnsRequestId()
    {
        await using var host = new PlaidTestHost();
        FakePlaidItem item = host.Server.AddItem();

        PlaidResult<TransactionsRefreshResponse> result = await host.Client.RefreshTransactionsAsync(new TransactionsRefreshRequest(item.AccessToken), CancellationToken.None).Within();

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.StartsWith("req-", result.Value.RequestId, StringComparison.Ordinal);
        Assert.Equal(1, item.RefreshCount);
        Assert.Equal(item.AccessToken, (string?)Assert.Single(host.Server.RequestsTo("/transactions/refresh")).Json["access_token"]);
    }

    [Fact]
    public async Task SyncTransactionsAsync_RateLimited_RetriesOnlyAfterTheBackoffOnTheInjectedClock()
    {
        await using var server = FakePlaidServer.Start();
        FakePlaidItem item = server.AddItem();
        server.FailNext("/transactions/sync", 429, "RATE_LIMIT_EXCEEDED", "TRANSACTIONS_SYNC_LIMIT");
        var options = new PlaidOptions
        {
            BaseUrl = server.BaseUrl,
            ClientId = FakePlaidServer.ClientId,
            Secret = FakePlaidServer.Secret,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromSeconds(10),
            RetryMaxDelay = TimeSpan.FromSeconds(30),
        };
        var time = new FakeTimeProvider();
        using var http = new HttpClient();
        var logs = new CapturingLoggerProvider();
        var client = new PlaidClient(http, Microsoft.Extensions.Options.Options.Create(options), new Microsoft.Extensions.Logging.Logger<PlaidClient>(new Microsoft.Extensions.Logging.LoggerFactory([logs])), time);

        Task<PlaidResult<TransactionsSyncResponse>> sync = client.SyncTransactionsAsync(new TransactionsSyncRequest { AccessToken = item.AccessToken }, CancellationToken.None);
        await Eventually.WaitAsync(() => logs.All.Contains("answered 429; retry 1", StringComparison.Ordinal), TimeSpan.FromSeconds(10), () => "the 429 was never retried: " + logs.All);

        // The retry is decided and waits on the injected clock: nothing goes out until time passes the backoff.
        Assert.Single(server.RequestsTo("/transactions/sync"));
        Assert.False(sync.IsCompleted);
        await Eventually.WaitAsync(
            () =>
            {
                time.Advance(options.RetryMaxDelay);
                return server.RequestsTo("/transactions/sync").Count == 2;
            },
            TimeSpan.FromSeconds(10),
            () => "the retry never went out after the backoff");
        PlaidResult<TransactionsSyncResponse> result = await sync.Within();

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(2, server.RequestsTo("/transactions/sync").Count);
    }
}
