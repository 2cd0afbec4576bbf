namespace StreamGuard.Core.Plaid;

/// <summary>One page of /transactions/sync.</summary>
public sealed record TransactionsSyncResponse
{
    public IReadOnlyList<PlaidTransaction> Added { get; init; } = [];

    public IReadOnlyList<PlaidTransaction> Modified { get; init; } = [];

    public IReadOnlyList<PlaidRemovedTransaction> Removed { get; init; } = [];

    public string NextCursor { get; init; } = "";

    public bool HasMore { get; init; }

    /// <summary>TRANSACTIONS_UPDATE_STATUS_UNKNOWN, NOT_READY, INITIAL_UPDATE_COMPLETE, HISTORICAL_UPDATE_COMPLETE, or a newer value.</summary>
    public string? TransactionsUpdateStatus { get; init; }

    public string? RequestId { get; init; }
}
