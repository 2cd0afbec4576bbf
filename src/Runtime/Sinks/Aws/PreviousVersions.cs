using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Core.Model;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// What the transactions table held before a batch, for the transactions the batch corrects (a
/// modified or removed one, a pending one replaced by its posted version), overlaid with the batch's
/// own earlier records: a correction subtracts exactly what its original added to the counters.
/// </summary>
internal sealed class PreviousVersions
{
    private const int BatchGetLimit = 100;
    private readonly Dictionary<string, EnrichedTransaction?> _current = new(StringComparer.Ordinal);

    private PreviousVersions()
    {
    }

    /// <summary>The ids a transaction replaces: itself when modified or removed, its pending version when posted.</summary>
    public static string? Replaces(EnrichedTransaction t) => t.Change switch
    {
        ChangeKind.Modified or ChangeKind.Removed => t.TransactionId,
        _ => t.PendingTransactionId,
    };

    /// <summary>Reads the stored versions of every id the batch replaces (consistent reads, 100 keys a call).</summary>
    public static async Task<PreviousVersions> LoadAsync(IAmazonDynamoDB dynamo, string table, IEnumerable<EnrichedTransaction> batch, CancellationToken cancellationToken)
    {
        var versions = new PreviousVersions();
        string[] ids = [.. batch.Select(Replaces).OfType<string>().Distinct(StringComparer.Ordinal)];
        foreach (string[] chunk in ids.Chunk(BatchGetLimit))
        {
            Dictionary<string, KeysAndAttributes> pending = new()
            {
                [table] = new KeysAndAttributes { ConsistentRead = true, Keys = [.. chunk.Select(id => new Dictionary<string, AttributeValue> { [DynamoDbSink.TransactionKey] = new() { S = id } })] },
            };
            while (pending.Count > 0)
            {
                BatchGetItemResponse response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, cancellationToken).ConfigureAwait(false);
                foreach (Dictionary<string, AttributeValue> item in response.Responses?.GetValueOrDefault(table) ?? [])
                {
                    EnrichedTransaction stored = FromItem(item);
                    versions._current[stored.TransactionId] = stored;
                }

                pending = response.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }

        return versions;
    }

    /// <summary>The version in force before <paramref name="id"/>'s next change in the batch, or null when none is held.</summary>
    public EnrichedTransaction? Before(string id) => _current.GetValueOrDefault(id);

    /// <summary>Records the batch's own change, for later records of the same batch.</summary>
    public void Apply(EnrichedTransaction t)
    {
        if (t.Change == ChangeKind.Removed)
        {
            _current[t.TransactionId] = null;
            return;
        }

        if (t.PendingTransactionId is { } pending && t.Change == ChangeKind.Added)
        {
            _current[pending] = null;
        }

        _current[t.TransactionId] = t;
    }

    private static EnrichedTransaction FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        TransactionId = item[DynamoDbSink.TransactionKey].S,
        EventTime = DateTimeOffset.Parse(item["event_time"].S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Amount = decimal.Parse(item["amount"].N, CultureInfo.InvariantCulture),
        Merchant = "",
        CustomerId = item["customer_id"].S,
        CardId = item["card_id"].S,
        Category = item["category"].S,
    };
}
