namespace StreamGuard.Scoring;

/// <summary>
/// A fraud label that arrives after the transaction was scored: an analyst's verdict from the
/// console, a labels feed, or <c>is_fraud</c> released after the label delay. Ids are pseudonymous.
/// </summary>
public sealed record FraudLabel(string TransactionId, string CardId, bool IsFraud, DateTimeOffset EventTime, string Source)
{
    /// <summary>Source of a verdict given by an analyst in the console.</summary>
    public const string AnalystSource = "analyst";
}
