namespace StreamGuard.Plaid;

/// <summary>/transactions/sync: the changes of an item after a cursor (all history without one).</summary>
public sealed record TransactionsSyncRequest
{
    public required string AccessToken { get; init; }

    /// <summary>The next_cursor of the last committed round; null for the item's first sync.</summary>
    public string? Cursor { get; init; }

    /// <summary>Page size, 1 to 500.</summary>
    public int? Count { get; init; }

    public TransactionsSyncRequestOptions? Options { get; init; }

    public override string ToString() => $"TransactionsSyncRequest {{ Cursor = {Cursor}, Count = {Count} }}";
}
