namespace StreamGuard.Plaid;

/// <summary>Whether a webhook is Plaid's, and if not, why (a reason fit for logs: no token, no secret).</summary>
public sealed record PlaidWebhookVerification(bool IsVerified, string? Failure)
{
    public static PlaidWebhookVerification Verified { get; } = new(true, null);

    public static PlaidWebhookVerification Rejected(string failure) => new(false, failure);
}
