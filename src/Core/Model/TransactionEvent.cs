namespace StreamGuard.Core.Model;

/// <summary>
/// The canonical transaction every input format maps to. It still carries the customer's raw
/// identifying fields: the processor's anonymise stage removes them before anything is stored.
/// </summary>
public sealed record TransactionEvent
{
    public required string TransactionId { get; init; }

    /// <summary>When the transaction happened (UTC).</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>Positive is money leaving the account (Plaid's convention), negative is money in.</summary>
    public required decimal Amount { get; init; }

    public string Currency { get; init; } = "USD";

    public required string Merchant { get; init; }

    /// <summary>The category as the source named it (Sparkov's or Plaid's), before mapping.</summary>
    public string? SourceCategory { get; init; }

    public TransactionSource Source { get; init; }

    /// <summary>Added, modified (a correction) or removed: Plaid sync can correct earlier events.</summary>
    public ChangeKind Change { get; init; } = ChangeKind.Added;

    public bool Pending { get; init; }

    /// <summary>For a posted transaction, the pending one it replaces (so it is not counted twice).</summary>
    public string? PendingTransactionId { get; init; }

    /// <summary>Raw card number or bank account id. It is also the stream's partition key.</summary>
    public required string AccountId { get; init; }

    /// <summary>The cardholder's raw personal data, when the source has it.</summary>
    public CustomerIdentity? Customer { get; init; }

    public GeoPoint? MerchantLocation { get; init; }

    /// <summary>The fraud label, when the source is labelled (replayed or generated data).</summary>
    public bool? IsFraud { get; init; }
}
