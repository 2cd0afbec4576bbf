namespace StreamGuard.Core.Model;

/// <summary>
/// The privacy-safe, enriched transaction: what leaves the processor for every sink. It holds
/// pseudonyms and generalised attributes only, never names, street, birth date or card number.
/// </summary>
public sealed record EnrichedTransaction
{
    public required string TransactionId { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public required decimal Amount { get; init; }
    public string Currency { get; init; } = "USD";
    public required string Merchant { get; init; }
    public TransactionSource Source { get; init; }
    public ChangeKind Change { get; init; }
    public bool Pending { get; init; }
    public string? PendingTransactionId { get; init; }

    /// <summary>Keyed pseudonym of the customer (HMAC), stable for one key.</summary>
    public required string CustomerId { get; init; }

    /// <summary>Keyed pseudonym of the card or account.</summary>
    public required string CardId { get; init; }

    /// <summary>The last four digits of the card or account, at most.</summary>
    public string? CardLast4 { get; init; }

    public string Category { get; set; } = Taxonomy.BudgetCategory.Uncategorized;
    public string? SourceCategory { get; init; }
    public double CategoryConfidence { get; set; } = 1.0;

    /// <summary>Ten-year band, e.g. "30-39".</summary>
    public string? AgeBand { get; init; }

    public string? HomeState { get; init; }

    /// <summary>The first three digits of the home zip code.</summary>
    public string? HomeZip3 { get; init; }

    /// <summary>A coarse grid cell (about 1 degree) around home, e.g. "40N080W".</summary>
    public string? HomeCell { get; init; }

    public double? DistanceFromHomeKm { get; init; }

    /// <summary>Merchant coordinates, only when the operator opted in.</summary>
    public GeoPoint? MerchantLocation { get; init; }

    public double FraudScore { get; set; }
    public bool FraudAlert { get; set; }
    public IReadOnlyList<string>? FraudReasons { get; set; }

    /// <summary>The source's fraud label, kept for evaluation; never an input to a live score.</summary>
    public bool? IsFraud { get; init; }

    public string? ShardId { get; init; }
    public string? SequenceNumber { get; init; }
}
