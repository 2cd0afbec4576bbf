namespace StreamGuard.Plaid;

/// <summary>The protected header of the JWT in a webhook's Plaid-Verification header.</summary>
public sealed record PlaidWebhookJwtHeader
{
    public string? Alg { get; init; }

    public string? Kid { get; init; }

    public string? Typ { get; init; }
}
