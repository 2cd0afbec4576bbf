namespace StreamGuard.Plaid;

/// <summary>/link/token/create's answer.</summary>
public sealed record LinkTokenCreateResponse
{
    public string LinkToken { get; init; } = "";

    /// <summary>ISO 8601 expiry, kept as Plaid wrote it.</summary>
    public string? Expiration { get; init; }

    public string? RequestId { get; init; }
}
