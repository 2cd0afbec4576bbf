namespace StreamGuard.Producer.Plaid;

/// <summary>Values of `plaid link`'s own options.</summary>
internal sealed record PlaidLinkSettings(string Institution, string? PublicToken, Uri? Webhook, string? SandboxUser);
