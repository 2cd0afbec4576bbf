namespace StreamGuard.Plaid;

/// <summary>Optional settings of /transactions/sync.</summary>
public sealed record TransactionsSyncRequestOptions
{
    public bool? IncludeOriginalDescription { get; init; }

    public int? DaysRequested { get; init; }

    public string? AccountId { get; init; }
}
