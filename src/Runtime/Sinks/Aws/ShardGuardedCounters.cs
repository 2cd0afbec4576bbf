using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Aws.Http;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// Adds to counter items (count and amount) so that each record counts once, however often it is
/// delivered. Every item remembers, per shard, the last sequence number it has counted
/// (<c>seq_&lt;shard&gt;</c>); an update adds only records beyond that mark and moves the mark in
/// the same conditional write. The common case is one blind conditional update; only an overlap
/// (a replay, possibly cut into other batches) costs a read and a retry. DynamoDB's
/// TransactWriteItems is not needed (and dynalite has none). One update may add to many counters of
/// its item (<see cref="CounterContribution.Key"/>): the mark guards them all, which is what lets the
/// aggregates table hold many window keys per item (<see cref="DynamoDbAggregateItems"/>).
/// </summary>
public sealed class ShardGuardedCounters
{
    public const string CountAttribute = "txn_count";
    public const string AmountAttribute = "amount";
    private const int SequenceWidth = 128;
    private const int MaxAttempts = 10;

    /// <summary>Distinct counters per update: an update expression may be 4 KB long, and each counter adds about 25 characters.</summary>
    public const int MaxCountersPerUpdate = 100;

    private readonly IAmazonDynamoDB _dynamo;
    private readonly AwsClientMetrics? _metrics;
    private long _replaysSkipped;

    /// <param name="metrics">Where the write units DynamoDB reports are counted; none when null.</param>
    public ShardGuardedCounters(IAmazonDynamoDB dynamo, AwsClientMetrics? metrics = null)
    {
        _dynamo = dynamo;
        _metrics = metrics;
    }

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
        foreach (List<CounterContribution> run in Runs(contributions))
        {
            await AddRunAsync(table, key, shardId, run, set, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sequence numbers are decimal strings of varying length: left-padded they compare as strings in DynamoDB.</summary>
    public static string Pad(string sequenceNumber) => sequenceNumber.PadLeft(SequenceWidth, '0');

    // Consecutive runs of at most MaxCountersPerUpdate counters, cut only between two records: each run's
    // first record comes after the previous run's last, so every run is guarded by the mark as a batch is.
    private static IEnumerable<List<CounterContribution>> Runs(IReadOnlyList<CounterContribution> contributions)
    {
        var run = new List<CounterContribution>();
        var counters = new HashSet<string>(StringComparer.Ordinal);
        foreach (CounterContribution c in contributions)
        {
            string counter = c.Key ?? string.Empty;
            if (counters.Count >= MaxCountersPerUpdate && !counters.Contains(counter) && c.SequenceNumber != run[^1].SequenceNumber)
            {
                yield return run;
                run = [];
                counters.Clear();
            }

            counters.Add(counter);
            run.Add(c);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private async Task AddRunAsync(
        string table,
        Dictionary<string, AttributeValue> key,
        string shardId,
        List<CounterContribution> contributions,
        IReadOnlyDictionary<string, AttributeValue>? set,
        CancellationToken cancellationToken)
    {
        string mark = "seq_" + shardId;
        string first = Pad(contributions[0].SequenceNumber);
        if (await TryAddAsync(table, key, mark, contributions, set, "attribute_not_exists(#mark) OR #mark < :bound", first, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            GetItemResponse current = await _dynamo.GetItemAsync(
                new GetItemRequest { TableName = table, Key = key, ConsistentRead = true, ProjectionExpression = "#mark", ExpressionAttributeNames = new() { ["#mark"] = mark }, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
                cancellationToken).ConfigureAwait(false);
            Consumed("GetItem", "read", table, current.ConsumedCapacity);
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

    private void Consumed(string operation, string kind, string table, ConsumedCapacity? capacity)
    {
        if (capacity?.CapacityUnits is double units)
        {
            _metrics?.Capacity("dynamodb", operation, kind, table, units);
        }
    }

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
        // One ADD per counter of the item, each the sum of the run's contributions to it.
        var sums = new Dictionary<string, (long Count, decimal Amount)>(StringComparer.Ordinal);
        foreach (CounterContribution c in contributions)
        {
            (long count, decimal amount) = sums.GetValueOrDefault(c.Key ?? string.Empty);
            sums[c.Key ?? string.Empty] = (count + c.Count, amount + c.Amount);
        }

        var names = new Dictionary<string, string> { ["#mark"] = mark };
        var values = new Dictionary<string, AttributeValue> { [":last"] = new() { S = Pad(contributions[^1].SequenceNumber) } };
        var add = new List<string>(sums.Count * 2);
        int i = 0;
        foreach ((string counter, (long count, decimal amount)) in sums)
        {
            names["#c" + i] = counter.Length == 0 ? CountAttribute : DynamoDbAggregateItems.CountPrefix + counter;
            names["#a" + i] = counter.Length == 0 ? AmountAttribute : DynamoDbAggregateItems.AmountPrefix + counter;
            values[":c" + i] = new() { N = count.ToString(CultureInfo.InvariantCulture) };
            values[":a" + i] = new() { N = amount.ToString(CultureInfo.InvariantCulture) };
            add.Add($"#c{i} :c{i}, #a{i} :a{i}");
            i++;
        }

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
            UpdateItemResponse response = await _dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = table,
                    Key = key,
                    UpdateExpression = update + " ADD " + string.Join(", ", add),
                    ConditionExpression = condition,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                cancellationToken).ConfigureAwait(false);
            Consumed("UpdateItem", "write", table, response.ConsumedCapacity);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
