using StreamGuard.Plaid;

namespace StreamGuard.Producer.Plaid;

/// <summary>What `plaid link` and `plaid link-token` do.</summary>
internal static class PlaidLinkAction
{
    public static async Task<int> LinkAsync(PlaidCommandContext context, PlaidCommonSettings common, PlaidLinkSettings settings, CancellationToken cancellationToken)
    {
        string? publicToken = settings.PublicToken;
        await using PlaidServices? services = await PlaidServices.TryCreateAsync(context, common.Environment, common.BaseUrl, common.StateDirectory);
        if (services is null)
        {
            return 1;
        }

        PlaidClient client = services.Client;
        string? linkedInstitution = null;
        if (publicToken is null)
        {
            if (!string.Equals(services.Options.Environment, PlaidOptions.Sandbox, StringComparison.OrdinalIgnoreCase))
            {
                await context.Error.WriteLineAsync(
                    "error: outside the sandbox a public token comes from Plaid Link: run `plaid link-token`, complete Link with it, then `plaid link --public-token <token>`.");
                return 1;
            }

            var request = new SandboxPublicTokenCreateRequest
            {
                InstitutionId = settings.Institution,
                Options = settings.Webhook is null && settings.SandboxUser is null ? null : new SandboxPublicTokenCreateOptions
                {
                    Webhook = settings.Webhook?.AbsoluteUri,
                    OverrideUsername = settings.SandboxUser,
                    OverridePassword = settings.SandboxUser is null ? null : "pass_good",
                },
            };
            PlaidResult<SandboxPublicTokenCreateResponse> created = await client.CreateSandboxPublicTokenAsync(request, cancellationToken);
            if (!created.IsSuccess)
            {
                return await FailAsync(context, "/sandbox/public_token/create", created.Error);
            }

            publicToken = created.Value.PublicToken;
            linkedInstitution = settings.Institution;
        }

        PlaidResult<ItemPublicTokenExchangeResponse> exchanged = await client.ExchangePublicTokenAsync(new ItemPublicTokenExchangeRequest(publicToken), cancellationToken);
        if (!exchanged.IsSuccess)
        {
            return await FailAsync(context, "/item/public_token/exchange", exchanged.Error);
        }

        await services.Store.SaveItemAsync(exchanged.Value.ItemId, linkedInstitution, exchanged.Value.AccessToken, settings.UserId, cancellationToken);
        await context.Out.WriteLineAsync(exchanged.Value.ItemId);
        await context.Error.WriteLineAsync($"linked Plaid item {exchanged.Value.ItemId}; its access token is stored encrypted in {services.Store.FilePath}");
        return 0;
    }

    public static async Task<int> CreateLinkTokenAsync(PlaidCommandContext context, PlaidCommonSettings common, string userId, Uri? webhook, CancellationToken cancellationToken)
    {
        await using PlaidServices? services = await PlaidServices.TryCreateAsync(context, common.Environment, common.BaseUrl, common.StateDirectory);
        if (services is null)
        {
            return 1;
        }

        var request = new LinkTokenCreateRequest { ClientName = "StreamGuard", User = new LinkTokenUser(userId), Webhook = webhook?.AbsoluteUri };
        PlaidResult<LinkTokenCreateResponse> created = await services.Client.CreateLinkTokenAsync(request, cancellationToken);
        if (!created.IsSuccess)
        {
            return await FailAsync(context, "/link/token/create", created.Error);
        }

        await context.Out.WriteLineAsync(created.Value.LinkToken);
        await context.Error.WriteLineAsync($"link token expires {created.Value.Expiration}");
        return 0;
    }

    internal static async Task<int> FailAsync(PlaidCommandContext context, string endpoint, PlaidError error)
    {
        await context.Error.WriteLineAsync($"error: {endpoint} failed: {error}");
        return 1;
    }
}
