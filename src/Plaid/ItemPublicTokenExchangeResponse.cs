namespace StreamGuard.Plaid;

/// <summary>/item/public_token/exchange's answer. The access token is a credential: store it encrypted.</summary>
public sealed record ItemPublicTokenExchangeResponse
{
    public string AccessToken { get; init; } = "";

    public string ItemId { get; init; } = "";

    public string? RequestId { get; init; }

    public override string ToString() => $"ItemPublicTokenExchangeResponse {{ ItemId = {ItemId}, RequestId = {RequestId} }}";
}
