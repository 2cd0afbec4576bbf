using System.Net;
using System.Text;
using StreamGuard.Core.Model;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidWebhookTests
{
    [Fact]
    public async Task SyncFollow_SyncUpdatesAvailableWebhook_StreamsTheNewTransactionsWithoutWaitingForThePoll()
    {
        await using var cli = new PlaidCommandHarness();
        cli.Server.SeedNewItem = item => item.Add(FakePlaidItem.Transaction("t1", "acc-1", 5m, "2024-03-01"));
        Assert.Equal(0, await cli.RunAsync("link").Within());
        FakePlaidItem item = Assert.Single(cli.Server.Items);
        int port = FakePlaidServer.FreePort();
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var webhook = new Uri($"http://127.0.0.1:{port}/plaid/webhook");

        int exit = -1;
        Task<int> following = cli.RunAsync($"sync --follow --interval 3600 --webhook-port {port}", stop.Token);
        try
        {
            await TestTimeouts.UntilAsync(() => cli.Events().Count == 1, "the first sync");
            await TestTimeouts.UntilAsync(() => cli.Logs.All.Contains("webhook endpoint listening", StringComparison.Ordinal), "the webhook listener");
            item.Add(FakePlaidItem.Transaction("t2", "acc-1", 7m, "2024-03-02"));
            item.Modify(FakePlaidItem.Transaction("t1", "acc-1", 6m, "2024-03-01"));

            string body = $"{{\"webhook_type\":\"TRANSACTIONS\",\"webhook_code\":\"SYNC_UPDATES_AVAILABLE\",\"item_id\":\"{item.ItemId}\",\"initial_update_complete\":true,\"historical_update_complete\":true,\"environment\":\"sandbox\",\"new_field\":1}}";
            using HttpResponseMessage response = await http.PostAsync(webhook, Json(body, cli.Server.SignWebhook(body))).Within();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("scheduled", await response.Content.ReadAsStringAsync().Within(), StringComparison.Ordinal);
            await TestTimeouts.UntilAsync(() => cli.Events().Count == 3, "the webhook-triggered sync");
            Assert.Equal([("t2", ChangeKind.Added), ("t1", ChangeKind.Modified)], cli.Events().Skip(1).Select(e => (e.TransactionId, e.Change)));
        }
        finally
        {
            // Stop the command before the harness deletes its state directory.
            await stop.CancelAsync();
            exit = await following.Within();
        }

        Assert.Equal(0, exit);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(webhook, Json("{}"))).Within();
    }

    [Fact]
    public async Task Webhook_BadRequests_AreAnsweredWithoutTriggeringSyncs()
    {
        await using var cli = new PlaidCommandHarness();
        Assert.Equal(0, await cli.RunAsync("link").Within());
        int port = FakePlaidServer.FreePort();
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var webhook = new Uri($"http://127.0.0.1:{port}/");

        int exit = -1;
        Task<int> following = cli.RunAsync($"sync --follow --interval 3600 --webhook-port {port}", stop.Token);
        try
        {
            await TestTimeouts.UntilAsync(() => cli.Logs.All.Contains("webhook endpoint listening", StringComparison.Ordinal), "the webhook listener");
            await TestTimeouts.UntilAsync(() => cli.Logs.All.Contains("committed", StringComparison.Ordinal), "the first sync");
            int syncsBefore = cli.Server.RequestsTo("/transactions/sync").Count;

            using HttpResponseMessage garbage = await http.PostAsync(webhook, Json("not json", cli.Server.SignWebhook("not json"))).Within();
            using HttpResponseMessage get = await http.GetAsync(webhook).Within();
            string otherBody = "{\"webhook_type\":\"ITEM\",\"webhook_code\":\"ERROR\",\"item_id\":\"x\"}";
            using HttpResponseMessage other = await http.PostAsync(webhook, Json(otherBody, cli.Server.SignWebhook(otherBody))).Within();
            using HttpResponseMessage huge = await http.PostAsync(webhook, Json("{\"pad\":\"" + new string('x', 70_000) + "\"}")).Within();

            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Contains("ignored", await other.Content.ReadAsStringAsync().Within(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
            Assert.Equal(syncsBefore, cli.Server.RequestsTo("/transactions/sync").Count);
        }
        finally
        {
            // Stop the command before the harness deletes its state directory.
            await stop.CancelAsync();
            exit = await following.Within();
        }

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task SyncFollow_UnverifiedWebhooks_Get401AndTriggerNoSync()
    {
        await using var cli = new PlaidCommandHarness();
        Assert.Equal(0, await cli.RunAsync("link").Within());
        FakePlaidServer server = cli.Server;
        string itemId = Assert.Single(server.Items).ItemId;
        int port = FakePlaidServer.FreePort();
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var webhook = new Uri($"http://127.0.0.1:{port}/");
        string body = $"{{\"webhook_type\":\"TRANSACTIONS\",\"webhook_code\":\"SYNC_UPDATES_AVAILABLE\",\"item_id\":\"{itemId}\"}}";
        string other = server.AddWebhookKey();
        string current = server.AddWebhookKey();
        server.ExpireWebhookKey(other);
        var forgeries = new (string What, string? Token, string Body)[]
        {
            ("no header", null, body),
            ("tampered body", server.SignWebhook(body), body.Replace(itemId, "item-evil", StringComparison.Ordinal)),
            ("unknown kid", server.SignWebhook(body, kid: "kid-plaid-never-issued"), body),
            ("kid of another key", server.SignWebhook(body, kid: current, signWithKid: other), body),
            ("expired key", server.SignWebhook(body, kid: other, signWithKid: other), body),
            ("iat 6 minutes old", server.SignWebhook(body, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-6)), body),
            ("alg none", server.SignWebhook(body, alg: "none"), body),
            ("alg HS256", server.SignWebhook(body, alg: "HS256"), body),
            ("not a JWT", "not.a.jwt", body),
        };

        int exit = -1;
        Task<int> following = cli.RunAsync($"sync --follow --interval 3600 --webhook-port {port}", stop.Token);
        try
        {
            await TestTimeouts.UntilAsync(() => cli.Logs.All.Contains("webhook endpoint listening", StringComparison.Ordinal), "the webhook listener");
            await TestTimeouts.UntilAsync(() => cli.Logs.All.Contains("committed", StringComparison.Ordinal), "the first sync");
            int syncsBefore = server.RequestsTo("/transactions/sync").Count;

            foreach ((string what, string? token, string sent) in forgeries)
            {
                using HttpResponseMessage response = await http.PostAsync(webhook, Json(sent, token)).Within();
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {response.StatusCode}");
            }

            // A genuine one still gets through afterwards, so the 401s above were the verification's doing.
            using HttpResponseMessage genuine = await http.PostAsync(webhook, Json(body, server.SignWebhook(body))).Within();
            Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
            await TestTimeouts.UntilAsync(() => server.RequestsTo("/transactions/sync").Count == syncsBefore + 1, "the verified webhook's sync");
            Assert.Equal(forgeries.Length, cli.Logs.Entries.Count(l => l.Contains("rejected with 401", StringComparison.Ordinal)));
            Assert.Contains("has expired", cli.Logs.All, StringComparison.Ordinal);
            Assert.Contains("not ES256", cli.Logs.All, StringComparison.Ordinal);
            Assert.DoesNotContain(FakePlaidServer.Secret, cli.Logs.All, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            exit = await following.Within();
        }

        Assert.Equal(0, exit);
    }

    private static StringContent Json(string body, string? verification = null)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (verification is not null)
        {
            content.Headers.Add("Plaid-Verification", verification);
        }

        return content;
    }
}
