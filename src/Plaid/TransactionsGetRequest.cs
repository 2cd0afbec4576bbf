namespace StreamGuard.Plaid;

/// <summary>/transactions/get: an item's transactions between two dates, paged by offset.</summary>
public sealed record TransactionsGetRequest
{
    public required string AccessToken { get; init; }

    /// <summary>yyyy-MM-dd, inclusive.</summary>
    public required string StartDate { get; init; }

    /// <summary>yyyy-MM-dd, inclusive.</summary>
    public required string EndDate { get; init; }

    public TransactionsGetRequestOptions? Options { get; init; }

    public override string ToString() => $"TransactionsGetRequest {{ StartDate = {StartDate}, EndDate = {EndDate}, Options = {Options} }}";
}
