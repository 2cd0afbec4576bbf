namespace StreamGuard.Producer.Plaid;

/// <summary>Values of `plaid sync`'s own options.</summary>
internal sealed record PlaidSyncSettings(string Target, bool Follow, TimeSpan Interval, int? WebhookPort, bool Refresh, string? Stream = null)
{
    public bool IsKinesis => string.Equals(Target, "kinesis", StringComparison.OrdinalIgnoreCase);
}
