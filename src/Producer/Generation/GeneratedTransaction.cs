namespace StreamGuard.Producer.Generation;

/// <summary>A generated transaction before it is written as a CSV row.</summary>
internal readonly record struct GeneratedTransaction(
    DateTime Time,
    SyntheticCustomer Customer,
    string Merchant,
    string Category,
    decimal Amount,
    double MerchantLat,
    double MerchantLon,
    bool IsFraud,
    string TransactionId,
    FraudKind? Kind = null);
