namespace StreamGuard.Plaid;

/// <summary>/webhook_verification_key/get's answer.</summary>
public sealed record WebhookVerificationKeyGetResponse
{
    public PlaidJsonWebKey? Key { get; init; }

    public string? RequestId { get; init; }
}
