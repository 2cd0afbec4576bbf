namespace StreamGuard.Plaid;

/// <summary>Paging and filters of /transactions/get.</summary>
public sealed record TransactionsGetRequestOptions
{
    /// <summary>1 to 500 (Plaid's default 100).</summary>
    public int? Count { get; init; }

    public int? Offset { get; init; }

    public IReadOnlyList<string>? AccountIds { get; init; }

    public bool? IncludePersonalFinanceCategory { get; init; }
}
