using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Runtime.Sinks;

/// <summary>
/// Where analysts' verdicts are kept (SQLite in embedded mode, DynamoDB in aws mode): one verdict
/// per transaction, idempotent (the same verdict again changes nothing; a changed one replaces it
/// and waits to be posted to the scorer again).
/// </summary>
public interface IVerdictStore : IDisposable
{
    /// <summary>Stores the verdicts; returns how many were new or changed.</summary>
    Task<int> RecordAsync(IReadOnlyList<AnalystVerdict> verdicts, CancellationToken cancellationToken);

    /// <summary>Verdicts on one card's transactions, or all when <paramref name="cardId"/> is null, newest decision first.</summary>
    Task<IReadOnlyList<AnalystVerdict>> ReadAsync(string? cardId, int limit, CancellationToken cancellationToken);

    /// <summary>Verdicts the scorer has not taken yet, oldest decision first.</summary>
    Task<IReadOnlyList<AnalystVerdict>> WaitingAsync(int limit, CancellationToken cancellationToken);

    Task MarkPostedAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken);

    /// <summary>Marks every verdict as not yet posted: a scorer started afresh learns them all again.</summary>
    Task MarkAllWaitingAsync(CancellationToken cancellationToken);

    Task<VerdictCounts> CountsAsync(CancellationToken cancellationToken);
}
