namespace StreamGuard.Plaid;

/// <summary>A webhook Plaid posts to us, e.g. TRANSACTIONS / SYNC_UPDATES_AVAILABLE for an item.</summary>
public sealed record PlaidWebhook
{
    public const string TransactionsType = "TRANSACTIONS";
    public const string SyncUpdatesAvailableCode = "SYNC_UPDATES_AVAILABLE";

    public string? WebhookType { get; init; }

    public string? WebhookCode { get; init; }

    public string? ItemId { get; init; }

    public bool? InitialUpdateComplete { get; init; }

    public bool? HistoricalUpdateComplete { get; init; }

    public string? Environment { get; init; }

    public bool IsSyncUpdatesAvailable =>
        string.Equals(WebhookType, TransactionsType, StringComparison.Ordinal)
        && string.Equals(WebhookCode, SyncUpdatesAvailableCode, StringComparison.Ordinal);
}
