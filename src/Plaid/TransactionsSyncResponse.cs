using StreamGuard.Core.Ingestion.Plaid;

namespace StreamGuard.Plaid;

/// <summary>One page of /transactions/sync. A JSON null where a list or cursor belongs reads as empty.</summary>
public sealed record TransactionsSyncResponse
{
    public IReadOnlyList<PlaidTransaction> Added { get; init => field = value ?? []; } = [];

    public IReadOnlyList<PlaidTransaction> Modified { get; init => field = value ?? []; } = [];

    public IReadOnlyList<PlaidRemovedTransaction> Removed { get; init => field = value ?? []; } = [];

    public string NextCursor { get; init => field = value ?? ""; } = "";

    public bool HasMore { get; init; }

    /// <summary>TRANSACTIONS_UPDATE_STATUS_UNKNOWN, NOT_READY, INITIAL_UPDATE_COMPLETE, HISTORICAL_UPDATE_COMPLETE, or a newer value.</summary>
    public string? TransactionsUpdateStatus { get; init; }

    public string? RequestId { get; init; }
}
