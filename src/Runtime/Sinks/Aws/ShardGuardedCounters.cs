using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// Adds to counter items (count and amount) so that each record counts once, however often it is
/// delivered. Every item remembers, per shard, the last sequence number it has counted
/// (<c>seq_&lt;shard&gt;</c>); an update adds only records beyond that mark and moves the mark in
/// the same conditional write. The common case is one blind conditional update; only an overlap
/// (a replay, possibly cut into other batches) costs a read and a retry. DynamoDB's
/// TransactWriteItems is not needed (and dynalite has none).
/// </summary>
public sealed class ShardGuardedCounters
{
    public const string CountAttribute = "txn_count";
    public const string AmountAttribute = "amount";
    private const int SequenceWidth = 128;
    private const int MaxAttempts = 10;
    private readonly IAmazonDynamoDB _dynamo;
    private long _replaysSkipped;

    public ShardGuardedCounters(IAmazonDynamoDB dynamo) => _dynamo = dynamo;

    /// <summary>Overlaps resolved by reading the mark: how many replayed contributions were recognised.</summary>
    public long ReplaysSkipped => Interlocked.Read(ref _replaysSkipped);

    /// <param name="contributions">In shard order (ascending sequence numbers).</param>
    /// <param name="set">Attributes written along with a successful add (descriptive fields).</param>
    public async Task AddAsync(
        string table,
        Dictionary<string, AttributeValue> key,
        string shardId,
        IReadOnlyList<CounterContribution> contributions,
        IReadOnlyDictionary<string, AttributeValue>? set,
        CancellationToken cancellationToken)
    {
        if (contributions.Count == 0)
        {
            return;
        }

        string mark = "seq_" + shardId;
        string first = Pad(contributions[0].SequenceNumber);
        if (await TryAddAsync(table, key, mark, contributions, set, "attribute_not_exists(#mark) OR #mark < :bound", first, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            GetItemResponse current = await _dynamo.GetItemAsync(
                new GetItemRequest { TableName = table, Key = key, ConsistentRead = true, ProjectionExpression = "#mark", ExpressionAttributeNames = new() { ["#mark"] = mark } },
                cancellationToken).ConfigureAwait(false);
            if (current.Item is null || !current.Item.TryGetValue(mark, out AttributeValue? counted))
            {
                if (await TryAddAsync(table, key, mark, contributions, set, "attribute_not_exists(#mark)", null, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            List<CounterContribution> rest = contributions.Where(c => string.CompareOrdinal(Pad(c.SequenceNumber), counted.S) > 0).ToList();
            Interlocked.Add(ref _replaysSkipped, contributions.Count - rest.Count);
            if (rest.Count == 0)
            {
                return;
            }

            if (await TryAddAsync(table, key, mark, rest, set, "#mark = :bound", counted.S, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            contributions = rest;
        }

        throw new InvalidOperationException($"Counter item in {table} kept changing under {MaxAttempts} attempts (shard {shardId}).");
    }

    /// <summary>Sequence numbers are decimal strings of varying length: left-padded they compare as strings in DynamoDB.</summary>
    public static string Pad(string sequenceNumber) => sequenceNumber.PadLeft(SequenceWidth, '0');

    private async Task<bool> TryAddAsync(
        string table,
        Dictionary<string, AttributeValue> key,
        string mark,
        IReadOnlyList<CounterContribution> contributions,
        IReadOnlyDictionary<string, AttributeValue>? set,
        string condition,
        string? bound,
        CancellationToken cancellationToken)
    {
        long count = 0;
        decimal amount = 0;
        foreach (CounterContribution c in contributions)
        {
            count += c.Count;
            amount += c.Amount;
        }

        var names = new Dictionary<string, string> { ["#mark"] = mark, ["#count"] = CountAttribute, ["#amount"] = AmountAttribute };
        var values = new Dictionary<string, AttributeValue>
        {
            [":last"] = new() { S = Pad(contributions[^1].SequenceNumber) },
            [":count"] = new() { N = count.ToString(CultureInfo.InvariantCulture) },
            [":amount"] = new() { N = amount.ToString(CultureInfo.InvariantCulture) },
        };
        if (bound is not null)
        {
            values[":bound"] = new() { S = bound };
        }

        string update = "SET #mark = :last";
        int n = 0;
        foreach (KeyValuePair<string, AttributeValue> attribute in set ?? new Dictionary<string, AttributeValue>())
        {
            n++;
            names["#s" + n] = attribute.Key;
            values[":s" + n] = attribute.Value;
            update += $", #s{n} = :s{n}";
        }

        try
        {
            await _dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = table,
                    Key = key,
                    UpdateExpression = update + " ADD #count :count, #amount :amount",
                    ConditionExpression = condition,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
