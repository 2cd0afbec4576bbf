namespace StreamGuard.Producer.Plaid;

/// <summary>Values of `plaid link`'s own options.</summary>
/// <param name="UserId">Your own id of the person linking (Link's client_user_id): all of one person's Items make one customer.</param>
internal sealed record PlaidLinkSettings(string Institution, string? PublicToken, Uri? Webhook, string? SandboxUser, string? UserId = null);
