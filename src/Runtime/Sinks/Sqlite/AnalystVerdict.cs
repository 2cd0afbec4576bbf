namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// An analyst's verdict on one alerted transaction: "fraud" or "not fraud". <see cref="Posted"/>
/// says whether the scorer's label inbox has taken it (a full inbox refuses; it is posted again later).
/// </summary>
public sealed record AnalystVerdict(string TransactionId, string CardId, string? CustomerId, bool IsFraud, DateTimeOffset EventTime, DateTimeOffset DecidedAt, bool Posted)
{
    public const string Fraud = "fraud";
    public const string NotFraud = "not fraud";

    public string Verdict => IsFraud ? Fraud : NotFraud;
}
