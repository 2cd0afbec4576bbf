namespace StreamGuard.Scoring;

/// <summary>The numbers the scorer needs from one transaction, computed once.</summary>
internal readonly record struct TransactionInput(
    long Ticks,
    double Amount,
    double LogAmount,
    double? DistanceKm,
    double? LogDistance,
    int Hour,
    int Minute,
    int Category,
    int MerchantHash);
