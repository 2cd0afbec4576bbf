using StreamGuard.Core.Ingestion.Plaid;

namespace StreamGuard.Plaid;

/// <summary>One page of /transactions/get.</summary>
public sealed record TransactionsGetResponse
{
    public IReadOnlyList<PlaidTransaction> Transactions { get; init => field = value ?? []; } = [];

    public int TotalTransactions { get; init; }

    public string? RequestId { get; init; }
}
