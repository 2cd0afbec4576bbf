using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidCommandTests
{
    [Fact]
    public async Task LinkThenSync_StdoutTarget_StreamsEventsThenOnlyCorrections()
    {
        await using var cli = new PlaidCommandHarness();
        cli.Server.SeedNewItem = item => item
            .Add(FakePlaidItem.Transaction("t1", "acc-1", 12.34m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("t2", "acc-1", 56.78m, "2024-03-01"))
            .Add(FakePlaidItem.Transaction("p3", "acc-2", 9.50m, "2024-03-02", pending: true));

        int linked = await cli.RunAsync("link").Within();

        Assert.True(linked == 0, cli.Error.Text);
        FakePlaidItem item = Assert.Single(cli.Server.Items);
        Assert.Equal(item.ItemId, Assert.Single(cli.Out.Lines));
        Assert.Equal("ins_109508", (string?)Assert.Single(cli.Server.RequestsTo("/sandbox/public_token/create")).Json["institution_id"]);
        string stored = await File.ReadAllTextAsync(cli.ItemsFile).Within();
        Assert.Contains(item.ItemId, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(item.AccessToken, stored, StringComparison.Ordinal);

        int synced = await cli.RunAsync("sync --target stdout --refresh").Within();

        Assert.True(synced == 0, cli.Error.Text);
        Assert.Equal(1, item.RefreshCount);
        List<TransactionEvent> first = cli.Events();
        Assert.Equal(["t1", "t2", "p3"], first.Select(e => e.TransactionId));
        Assert.All(first, e => Assert.Equal((TransactionSource.Plaid, ChangeKind.Added), (e.Source, e.Change)));
        Assert.Equal(78.62m, first.Sum(e => e.Amount));
        Assert.Contains("\"change\":\"Added\"", cli.Out.Lines[1], StringComparison.Ordinal);
        Assert.Contains("done:3", await File.ReadAllTextAsync(cli.ItemsFile).Within(), StringComparison.Ordinal);

        item.Modify(FakePlaidItem.Transaction("t1", "acc-1", 13.34m, "2024-03-01"));
        item.Remove("t2", "acc-1");
        item.Add(FakePlaidItem.Transaction("t3", "acc-2", 9.75m, "2024-03-03", pendingTransactionId: "p3"));
        int resynced = await cli.RunAsync("sync").Within();

        Assert.True(resynced == 0, cli.Error.Text);
        List<TransactionEvent> second = cli.Events().Skip(3).ToList();
        // Within a page: removals, then additions, then modifications.
        Assert.Equal(
            [("t2", ChangeKind.Removed), ("p3", ChangeKind.Removed), ("t3", ChangeKind.Added), ("t1", ChangeKind.Modified)],
            second.Select(e => (e.TransactionId, e.Change)));
        Assert.Equal("p3", second[2].PendingTransactionId);
        Assert.Equal(13.34m, second[3].Amount);
        Assert.Contains("1 added, 1 modified, 2 removed", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_SandboxUserAndWebhook_AreSentAsSandboxOptions()
    {
        await using var cli = new PlaidCommandHarness();

        int exit = await cli.RunAsync("link --institution ins_109511 --sandbox-user user_transactions_dynamic --webhook https://hooks.example.test/plaid").Within();

        Assert.True(exit == 0, cli.Error.Text);
        System.Text.Json.Nodes.JsonObject body = Assert.Single(cli.Server.RequestsTo("/sandbox/public_token/create")).Json;
        Assert.Equal("ins_109511", (string?)body["institution_id"]);
        Assert.Equal("user_transactions_dynamic", (string?)body["options"]!["override_username"]);
        Assert.Equal("pass_good", (string?)body["options"]!["override_password"]);
        Assert.Equal("https://hooks.example.test/plaid", (string?)body["options"]!["webhook"]);
    }

    [Fact]
    public async Task Link_TwoItemsWithOneUserId_SyncGivesEveryEventOnePerson()
    {
        await using var cli = new PlaidCommandHarness();
        int seeded = 0;
        cli.Server.SeedNewItem = item => item.Add(FakePlaidItem.Transaction($"t{++seeded}", $"acc-{seeded}", 10m, "2024-03-01"));

        Assert.Equal(0, await cli.RunAsync("link --user-id person-7").Within());
        Assert.Equal(0, await cli.RunAsync("link --user-id person-7 --institution ins_3").Within());
        Assert.Equal(0, await cli.RunAsync("link").Within());
        Assert.Equal(3, cli.Server.Items.Count());

        int synced = await cli.RunAsync("sync --target stdout").Within();

        Assert.True(synced == 0, cli.Error.Text);
        List<TransactionEvent> events = cli.Events();
        Assert.Equal(3, events.Count);
        // The two Items of person-7 (two institutions) are one person; the Item linked without a user id is its own.
        Assert.Equal(2, events.Count(e => e.Customer?.PersonId == "plaid-user:person-7"));
        Assert.Single(events, e => e.Customer?.PersonId?.StartsWith("plaid-item:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Link_WithoutTokenKey_RefusesBeforeCallingPlaid()
    {
        await using var cli = new PlaidCommandHarness();
        cli.Variables.Remove(PlaidTokenProtector.KeyVariable);

        int exit = await cli.RunAsync("link").Within();

        Assert.Equal(1, exit);
        Assert.Contains("STREAMGUARD_TOKEN_KEY is not set", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Server.Requests);
        Assert.False(File.Exists(cli.ItemsFile));
    }

    [Fact]
    public async Task Link_MissingCredentials_NamesBothEnvironmentVariables()
    {
        await using var cli = new PlaidCommandHarness();
        cli.Variables.Remove(PlaidOptions.ClientIdVariable);
        cli.Variables.Remove(PlaidOptions.SecretVariable);

        int exit = await cli.RunAsync("link").Within();

        Assert.Equal(1, exit);
        Assert.Contains("PLAID_CLIENT_ID is not set", cli.Error.Text, StringComparison.Ordinal);
        Assert.Contains("PLAID_SECRET is not set", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Server.Requests);
    }

    [Fact]
    public async Task Link_ProductionWithoutPublicToken_ExplainsTheLinkFlow()
    {
        await using var cli = new PlaidCommandHarness();

        int exit = await cli.RunAsync("link --environment production").Within();

        Assert.Equal(1, exit);
        Assert.Contains("plaid link-token", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Server.Requests);
    }

    [Fact]
    public async Task LinkToken_ThenLinkWithPublicToken_ExchangesTheGivenToken()
    {
        await using var cli = new PlaidCommandHarness();

        int exit = await cli.RunAsync("link-token --user-id u-7").Within();

        Assert.Equal(0, exit);
        Assert.StartsWith("link-sandbox-", Assert.Single(cli.Out.Lines), StringComparison.Ordinal);
        Assert.Equal("u-7", (string?)Assert.Single(cli.Server.RequestsTo("/link/token/create")).Json["user"]!["client_user_id"]);

        int badExchange = await cli.RunAsync("link --public-token public-sandbox-unknown").Within();

        Assert.Equal(1, badExchange);
        Assert.Contains("INVALID_PUBLIC_TOKEN", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Server.RequestsTo("/sandbox/public_token/create"));
    }

    [Fact]
    public async Task Sync_DifferentTokenKey_RefusesSayingTheKeyDiffers()
    {
        await using var cli = new PlaidCommandHarness();
        Assert.Equal(0, await cli.RunAsync("link").Within());
        cli.Variables[StreamGuard.Plaid.PlaidTokenProtector.KeyVariable] = Convert.ToBase64String(new byte[32]);

        int exit = await cli.RunAsync("sync").Within();

        Assert.Equal(1, exit);
        Assert.Contains("STREAMGUARD_TOKEN_KEY is not the key it was stored with", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Server.RequestsTo("/transactions/sync"));
    }

    [Fact]
    public async Task Sync_KinesisTargetWithoutStream_RefusesNamingTheOptionBeforeCallingPlaid()
    {
        await using var cli = new PlaidCommandHarness();
        Assert.Equal(0, await cli.RunAsync("link").Within());

        int exit = await cli.RunAsync("sync --target kinesis").Within();

        Assert.Equal(2, exit);
        Assert.Contains("--target kinesis needs --stream NAME", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Server.RequestsTo("/transactions/sync"));
    }

    [Fact]
    public async Task Sync_NoLinkedItems_SaysToLinkFirst()
    {
        await using var cli = new PlaidCommandHarness();

        int exit = await cli.RunAsync("sync").Within();

        Assert.Equal(1, exit);
        Assert.Contains("run `plaid link` first", cli.Error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_ItemFailsAtPlaid_ExitsThreeAndKeepsCursor()
    {
        await using var cli = new PlaidCommandHarness();
        cli.Server.SeedNewItem = item => item.Add(FakePlaidItem.Transaction("t1", "acc-1", 1m, "2024-03-01"));
        Assert.Equal(0, await cli.RunAsync("link").Within());
        cli.Server.FailNext("/transactions/sync", 400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED");

        int exit = await cli.RunAsync("sync").Within();

        Assert.Equal(3, exit);
        Assert.Contains("ITEM_LOGIN_REQUIRED", cli.Error.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Events());
        using JsonDocument stored = JsonDocument.Parse(await File.ReadAllTextAsync(cli.ItemsFile).Within());
        Assert.False(stored.RootElement.GetProperty("items")[0].TryGetProperty("cursor", out _));
    }
}
