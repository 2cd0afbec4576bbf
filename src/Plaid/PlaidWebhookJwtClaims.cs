namespace StreamGuard.Plaid;

/// <summary>The claims of a webhook's verification JWT: when it was issued and the SHA-256 (hex) of the body it signs.</summary>
public sealed record PlaidWebhookJwtClaims
{
    /// <summary>Issued at, Unix seconds.</summary>
    public long? Iat { get; init; }

    public string? RequestBodySha256 { get; init; }
}
