using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Aws.Http;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// DynamoDB tables: one item per transaction (keyed by its id, so a replay rewrites the same item),
/// customer profiles and aggregate windows (many window keys per item: <see cref="DynamoDbAggregateItems"/>). Counts in profiles and windows go through
/// <see cref="ShardGuardedCounters"/>, so a replayed record is never counted twice. A correction
/// (Plaid modified or removed, a posted transaction replacing its pending one) takes back what the
/// stored version added and adds the new one; a removed or replaced transaction's item is deleted.
/// The transactions table has two indexes for the console's drill-down (a card's history, a
/// customer's transactions, newest first); budgets, segments and duplicates go to the insights table.
/// </summary>
public sealed class DynamoDbSink : IBatchSink
{
    public const string TransactionKey = "transaction_id";
    public const string ProfileKey = "customer_id";

    /// <summary>The profiles table's index for the console's customer search by the start of a pseudonym.</summary>
    public const string ByPrefixIndex = "by_prefix";
    public const string SearchPrefixAttribute = "search_prefix";

    /// <summary>"cust_" and two characters of the keyed part: 256 index partitions, and little to type.</summary>
    public const int SearchPrefixLength = 7;

    public static string SearchPrefix(string customerId) => customerId.Length <= SearchPrefixLength ? customerId : customerId[..SearchPrefixLength];
    public const string AggregateKey = "pk";
    public const string AggregateSortKey = "sk";
    public const string ByCardIndex = "by_card";
    public const string ByCustomerIndex = "by_customer";
    private const int BatchWriteLimit = 25;

    private readonly IAmazonDynamoDB _dynamo;
    private readonly AwsSinkOptions _options;
    private readonly ShardGuardedCounters _counters;
    private readonly AwsClientMetrics? _metrics;
    private readonly Func<IEnumerable<EnrichedTransaction>, List<WindowTotal>> _windowDeltas;

    /// <param name="windowDeltas">
    /// The window changes of given transactions, computed by the pipeline's own window code (the configured
    /// windows): applied per record, so each record's share can be guarded by its sequence number.
    /// </param>
    /// <param name="metrics">Where the capacity units DynamoDB reports for the sink's writes are counted; none when null.</param>
    public DynamoDbSink(IAmazonDynamoDB dynamo, AwsSinkOptions options, Func<IEnumerable<EnrichedTransaction>, List<WindowTotal>> windowDeltas, AwsClientMetrics? metrics = null)
    {
        _dynamo = dynamo;
        _options = options;
        _metrics = metrics;
        _counters = new ShardGuardedCounters(dynamo, metrics);
        _windowDeltas = windowDeltas;
    }

    public string Name => "dynamodb";

    public ShardGuardedCounters Counters => _counters;

    /// <summary>The partition key of an aggregates item: one window kind and page start (<see cref="DynamoDbAggregateItems.PageStart"/>).</summary>
    public static string AggregatePartition(string window, string keyKind, DateTimeOffset start) =>
        $"{window}|{keyKind}|{start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)}";

    public async Task EnsureTablesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Leases.DynamoTables.EnsureAsync(_dynamo, TransactionsTableRequest(), timeout, cancellationToken).ConfigureAwait(false);
        await Leases.DynamoTables.EnsureAsync(_dynamo, _options.InsightsTable, DynamoDbInsightItems.PartitionKey, DynamoDbInsightItems.SortKey, timeout, cancellationToken).ConfigureAwait(false);
        await Leases.DynamoTables.EnsureAsync(_dynamo, ProfilesTableRequest(), timeout, cancellationToken).ConfigureAwait(false);
        await Leases.DynamoTables.EnsureAsync(_dynamo, _options.AggregatesTable, AggregateKey, AggregateSortKey, timeout, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        List<PipelineItem> liveItems = batch.Items.Where(i => i.IsLive).ToList();
        if (liveItems.Count == 0)
        {
            return;
        }

        // Counters first, then the items: after a crash in between, the replay still finds the
        // versions the corrections replace, and the sequence marks skip what was already counted.
        PreviousVersions previous = await PreviousVersions.LoadAsync(_dynamo, _options.TransactionsTable, liveItems.Select(i => i.Output!), cancellationToken).ConfigureAwait(false);
        var windows = new Dictionary<(string Window, DateTimeOffset Page, string KeyKind, string Item), List<CounterContribution>>();
        var profiles = new Dictionary<string, (List<CounterContribution> Counts, EnrichedTransaction Latest)>(StringComparer.Ordinal);
        var final = new Dictionary<string, PipelineItem?>(StringComparer.Ordinal);
        foreach (PipelineItem item in liveItems)
        {
            EnrichedTransaction t = item.Output!;
            string sequence = t.SequenceNumber ?? throw new InvalidOperationException($"Transaction {t.TransactionId} has no sequence number.");
            EnrichedTransaction? replaced = PreviousVersions.Replaces(t) is { } id ? previous.Before(id) : null;
            if (replaced is not null)
            {
                Count(replaced, -1, sequence, windows, profiles);
                final[replaced.TransactionId] = null;
            }

            if (t.Change != ChangeKind.Removed)
            {
                Count(t, 1, sequence, windows, profiles);
                final[t.TransactionId] = item;
            }

            previous.Apply(t);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.WriteParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(windows, parallel, (w, ct) => new ValueTask(_counters.AddAsync(
            _options.AggregatesTable,
            new() { [AggregateKey] = new() { S = AggregatePartition(w.Key.Window, w.Key.KeyKind, w.Key.Page) }, [AggregateSortKey] = new() { S = w.Key.Item } },
            batch.ShardId,
            w.Value,
            new Dictionary<string, AttributeValue>
            {
                ["window"] = new() { S = w.Key.Window },
                ["page_start"] = new() { S = w.Key.Page.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
                ["key_kind"] = new() { S = w.Key.KeyKind },
            },
            ct))).ConfigureAwait(false);
        await Parallel.ForEachAsync(profiles, parallel, (p, ct) => new ValueTask(_counters.AddAsync(
            _options.ProfilesTable,
            new() { [ProfileKey] = new() { S = p.Key } },
            batch.ShardId,
            p.Value.Counts,
            ProfileAttributes(p.Value.Latest),
            ct))).ConfigureAwait(false);
        await WriteTransactionsAsync(final, cancellationToken).ConfigureAwait(false);
        await WriteItemsAsync(_options.InsightsTable, DynamoDbInsightItems.From(batch).Select(i => new WriteRequest(new PutRequest(i))).ToList(), cancellationToken).ConfigureAwait(false);
    }

    // With the console's two indexes; a table made by an older version has none, and the console then scans.
    private CreateTableRequest TransactionsTableRequest()
    {
        // What the console's tables show, not the whole transaction (its json stays in the table only).
        static GlobalSecondaryIndex Index(string name, string key, string other) => new()
        {
            IndexName = name,
            KeySchema = [new KeySchemaElement(key, KeyType.HASH), new KeySchemaElement("event_time", KeyType.RANGE)],
            Projection = new Projection { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = [other, "category", "amount", "fraud_score", "fraud_alert", "merchant"] },
        };
        return new CreateTableRequest
        {
            TableName = _options.TransactionsTable,
            AttributeDefinitions =
            [
                new AttributeDefinition(TransactionKey, ScalarAttributeType.S), new AttributeDefinition("card_id", ScalarAttributeType.S),
                new AttributeDefinition("customer_id", ScalarAttributeType.S), new AttributeDefinition("event_time", ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(TransactionKey, KeyType.HASH)],
            GlobalSecondaryIndexes = [Index(ByCardIndex, "card_id", "customer_id"), Index(ByCustomerIndex, "customer_id", "card_id")],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        };
    }

    // One profile per customer, indexed by the pseudonym's first characters for the console's prefix search.
    private CreateTableRequest ProfilesTableRequest() => new()
    {
        TableName = _options.ProfilesTable,
        AttributeDefinitions = [new AttributeDefinition(ProfileKey, ScalarAttributeType.S), new AttributeDefinition(SearchPrefixAttribute, ScalarAttributeType.S)],
        KeySchema = [new KeySchemaElement(ProfileKey, KeyType.HASH)],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = ByPrefixIndex,
                KeySchema = [new KeySchemaElement(SearchPrefixAttribute, KeyType.HASH), new KeySchemaElement(ProfileKey, KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
            },
        ],
        BillingMode = BillingMode.PAY_PER_REQUEST,
    };

    // What one transaction adds (sign 1) or takes back (sign -1) in every window and its customer's profile.
    private void Count(EnrichedTransaction t, int sign, string sequence,
        Dictionary<(string Window, DateTimeOffset Page, string KeyKind, string Item), List<CounterContribution>> windows,
        Dictionary<string, (List<CounterContribution> Counts, EnrichedTransaction Latest)> profiles)
    {
        EnrichedTransaction counted = t.Change == ChangeKind.Added && t.PendingTransactionId is null ? t : t with { Change = ChangeKind.Added, PendingTransactionId = null };
        foreach (WindowTotal w in _windowDeltas([counted]))
        {
            var item = (w.Window, DynamoDbAggregateItems.PageStart(w.Window, w.Start), w.KeyKind, DynamoDbAggregateItems.SortKey(w.KeyKind, w.Key, _options.CustomerCounterBuckets));
            if (!windows.TryGetValue(item, out List<CounterContribution>? list))
            {
                windows[item] = list = [];
            }

            list.Add(new CounterContribution(sequence, sign * w.Count, sign * w.Amount, DynamoDbAggregateItems.AttributeKey(w.Start, w.Key)));
        }

        if (!profiles.TryGetValue(t.CustomerId, out (List<CounterContribution> Counts, EnrichedTransaction Latest) profile))
        {
            profile = ([], t);
        }

        profile.Counts.Add(new CounterContribution(sequence, sign, sign * t.Amount));
        profiles[t.CustomerId] = (profile.Counts, sign > 0 ? t : profile.Latest);
    }

    // One request per key (BatchWriteItem refuses two for the same key): the batch's last version, or a delete.
    private async Task WriteTransactionsAsync(Dictionary<string, PipelineItem?> final, CancellationToken cancellationToken)
    {
        var requests = final.Select(f => f.Value is { } item
            ? new WriteRequest(new PutRequest(TransactionItem(item)))
            : new WriteRequest(new DeleteRequest(new Dictionary<string, AttributeValue> { [TransactionKey] = new() { S = f.Key } }))).ToList();
        await WriteItemsAsync(_options.TransactionsTable, requests, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteItemsAsync(string table, List<WriteRequest> requests, CancellationToken cancellationToken)
    {
        var chunks = requests.Chunk(BatchWriteLimit).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.WriteParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(chunks, parallel, async (chunk, ct) =>
        {
            Dictionary<string, List<WriteRequest>> pending = new() { [table] = [.. chunk] };
            for (int attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    // Unprocessed items mean the table is throttling: back off before re-sending only those.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 25 << Math.Min(attempt, 6)) * (0.5 + Random.Shared.NextDouble() / 2)), ct).ConfigureAwait(false);
                }

                BatchWriteItemResponse response = await _dynamo.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL }, ct).ConfigureAwait(false);
                foreach (ConsumedCapacity capacity in response.ConsumedCapacity ?? [])
                {
                    if (capacity.CapacityUnits is double units)
                    {
                        _metrics?.Capacity("dynamodb", "BatchWriteItem", "write", capacity.TableName ?? table, units);
                    }
                }

                pending = response.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }).ConfigureAwait(false);
    }

    private static Dictionary<string, AttributeValue> TransactionItem(PipelineItem live)
    {
        EnrichedTransaction t = live.Output!;
        string json = live.OutputJson.IsEmpty
            ? JsonSerializer.Serialize(t, CoreJsonContext.Default.EnrichedTransaction)
            : Encoding.UTF8.GetString(live.OutputJson.Span);
        var item = new Dictionary<string, AttributeValue>
        {
            [TransactionKey] = new() { S = t.TransactionId },
            ["event_time"] = new() { S = t.EventTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
            ["customer_id"] = new() { S = t.CustomerId },
            ["card_id"] = new() { S = t.CardId },
            ["category"] = new() { S = t.Category },
            ["merchant"] = new() { S = t.Merchant },
            ["amount"] = new() { N = t.Amount.ToString(CultureInfo.InvariantCulture) },
            ["fraud_score"] = new() { N = t.FraudScore.ToString("R", CultureInfo.InvariantCulture) },
            ["fraud_alert"] = new() { BOOL = t.FraudAlert },
            ["json"] = new() { S = json },
        };
        if (t.ShardId is not null && t.SequenceNumber is not null)
        {
            item["shard_id"] = new() { S = t.ShardId };
            item["sequence_number"] = new() { S = t.SequenceNumber };
        }

        return item;
    }

    private static Dictionary<string, AttributeValue> ProfileAttributes(EnrichedTransaction t)
    {
        var set = new Dictionary<string, AttributeValue>
        {
            ["last_seen"] = new() { S = t.EventTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
            [SearchPrefixAttribute] = new() { S = SearchPrefix(t.CustomerId) },
        };
        AddIfPresent(set, "age_band", t.AgeBand);
        AddIfPresent(set, "home_state", t.HomeState);
        AddIfPresent(set, "home_zip3", t.HomeZip3);
        AddIfPresent(set, "home_cell", t.HomeCell);
        return set;
    }

    private static void AddIfPresent(Dictionary<string, AttributeValue> set, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            set[name] = new() { S = value };
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
