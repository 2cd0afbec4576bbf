using StreamGuard.LiveView.Models;

namespace StreamGuard.LiveView.Services;

/// <summary>The drill-down reads behind the API: the embedded SQLite database, or the aws sinks' DynamoDB tables.</summary>
public interface IConsoleReader
{
    /// <summary>False while there is nothing to read yet (the embedded database is not created).</summary>
    bool Available { get; }

    Task<CardHistory?> CardHistoryAsync(string cardId, double? threshold, CancellationToken cancellationToken);

    /// <summary>A customer's view, by pseudonym or a unique prefix of one (in aws mode at least "cust_" and two characters).</summary>
    Task<CustomerView?> CustomerAsync(string query, CancellationToken cancellationToken);

    /// <summary>The alerted transactions of a card (newest first), for a verdict on a case no longer in memory.</summary>
    Task<IReadOnlyList<(string Id, DateTimeOffset EventTime, string CustomerId)>> AlertedTransactionsAsync(string cardId, CancellationToken cancellationToken);
}
