namespace StreamGuard.Plaid;

/// <summary>/sandbox/public_token/create's answer: a public token to exchange.</summary>
public sealed record SandboxPublicTokenCreateResponse
{
    public string PublicToken { get; init; } = "";

    public string? RequestId { get; init; }
}
