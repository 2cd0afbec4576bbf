namespace StreamGuard.Plaid;

/// <summary>/webhook_verification_key/get: the public key (JWK) behind a webhook JWT's <c>kid</c>.</summary>
public sealed record WebhookVerificationKeyGetRequest(string KeyId);
