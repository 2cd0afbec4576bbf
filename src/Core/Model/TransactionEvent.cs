namespace StreamGuard.Core.Model;

/// <summary>
/// The canonical transaction every input format maps to. It still carries the customer's raw
/// identifying fields: the processor's anonymise stage removes them before anything is stored.
/// </summary>
/// <remarks>
/// Properties are settable, not init-only or required: System.Text.Json's generated code then
/// fills them through setters instead of its boxing constructor path, which made decoding the
/// per-record hot spot.
/// </remarks>
public sealed record TransactionEvent
{
    public string TransactionId { get; set; } = "";

    /// <summary>When the transaction happened (UTC).</summary>
    public DateTimeOffset EventTime { get; set; }

    /// <summary>Positive is money leaving the account (Plaid's convention), negative is money in.</summary>
    public decimal Amount { get; set; }

    public string Currency { get; set; } = "USD";

    public string Merchant { get; set; } = "";

    /// <summary>The category as the source named it (Sparkov's or Plaid's), before mapping.</summary>
    public string? SourceCategory { get; set; }

    public TransactionSource Source { get; set; }

    /// <summary>Added, modified (a correction) or removed: Plaid sync can correct earlier events.</summary>
    public ChangeKind Change { get; set; } = ChangeKind.Added;

    public bool Pending { get; set; }

    /// <summary>For a posted transaction, the pending one it replaces (so it is not counted twice).</summary>
    public string? PendingTransactionId { get; set; }

    /// <summary>Raw card number or bank account id. It is also the stream's partition key.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>The cardholder's raw personal data, when the source has it.</summary>
    public CustomerIdentity? Customer { get; set; }

    public GeoPoint? MerchantLocation { get; set; }

    /// <summary>The fraud label, when the source is labelled (replayed or generated data).</summary>
    public bool? IsFraud { get; set; }
}
