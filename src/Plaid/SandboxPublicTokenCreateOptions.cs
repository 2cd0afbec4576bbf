namespace StreamGuard.Plaid;

/// <summary>Optional settings of /sandbox/public_token/create.</summary>
public sealed record SandboxPublicTokenCreateOptions
{
    public string? Webhook { get; init; }

    public string? OverrideUsername { get; init; }

    public string? OverridePassword { get; init; }
}
