namespace StreamGuard.Plaid;

/// <summary>/item/public_token/exchange: trades Link's short-lived public token for an access token.</summary>
public sealed record ItemPublicTokenExchangeRequest(string PublicToken);
