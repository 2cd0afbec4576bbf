namespace StreamGuard.Plaid;

/// <summary>/link/token/create: a token for Plaid Link, the front end where a user picks a bank.</summary>
public sealed record LinkTokenCreateRequest
{
    public required string ClientName { get; init; }

    public string Language { get; init; } = "en";

    public IReadOnlyList<string> CountryCodes { get; init; } = ["US"];

    public required LinkTokenUser User { get; init; }

    public IReadOnlyList<string> Products { get; init; } = ["transactions"];

    public string? Webhook { get; init; }

    public string? RedirectUri { get; init; }

    /// <summary>Set for Link's update mode (repairing an item's login); products must then be empty.</summary>
    public string? AccessToken { get; init; }
}
