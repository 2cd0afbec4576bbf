using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// Analysts' verdicts in aws mode: one DynamoDB item per alerted transaction (key
/// <c>transaction_id</c>), written with a condition so the same verdict again changes nothing and a
/// changed verdict replaces the old one and waits to be posted again. Verdicts are few (one per
/// alerted transaction an analyst decided), so the reads scan the table instead of keeping an index.
/// </summary>
public sealed class DynamoDbVerdictStore : IVerdictStore
{
    public const string Key = "transaction_id";
    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _table;

    public DynamoDbVerdictStore(IAmazonDynamoDB dynamo, string table)
    {
        _dynamo = dynamo;
        _table = table;
    }

    public Task EnsureTableAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Leases.DynamoTables.EnsureAsync(_dynamo, _table, Key, null, timeout, cancellationToken);

    public async Task<int> RecordAsync(IReadOnlyList<AnalystVerdict> verdicts, CancellationToken cancellationToken)
    {
        int changed = 0;
        foreach (AnalystVerdict v in verdicts)
        {
            var item = new Dictionary<string, AttributeValue>
            {
                [Key] = new() { S = v.TransactionId },
                ["card_id"] = new() { S = v.CardId },
                ["verdict"] = new() { S = v.Verdict },
                ["event_time"] = Number(v.EventTime.ToUnixTimeMilliseconds()),
                ["decided_at"] = Number(v.DecidedAt.ToUnixTimeMilliseconds()),
                ["posted"] = new() { BOOL = false },
            };
            if (v.CustomerId is not null)
            {
                item["customer_id"] = new() { S = v.CustomerId };
            }

            try
            {
                await _dynamo.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = _table,
                        Item = item,
                        ConditionExpression = "attribute_not_exists(#k) OR verdict <> :v",
                        ExpressionAttributeNames = new() { ["#k"] = Key },
                        ExpressionAttributeValues = new() { [":v"] = new() { S = v.Verdict } },
                    },
                    cancellationToken).ConfigureAwait(false);
                changed++;
            }
            catch (ConditionalCheckFailedException)
            {
                // Stored already with this verdict: nothing changes, and it is not posted again.
            }
        }

        return changed;
    }

    public async Task<IReadOnlyList<AnalystVerdict>> ReadAsync(string? cardId, int limit, CancellationToken cancellationToken)
    {
        List<AnalystVerdict> all = await ScanAsync(cardId is null ? null : ("card_id = :c", new() { [":c"] = new() { S = cardId } }), cancellationToken).ConfigureAwait(false);
        return [.. all.OrderByDescending(v => v.DecidedAt).Take(limit)];
    }

    public async Task<IReadOnlyList<AnalystVerdict>> WaitingAsync(int limit, CancellationToken cancellationToken)
    {
        List<AnalystVerdict> all = await ScanAsync(("posted = :f", new() { [":f"] = new() { BOOL = false } }), cancellationToken).ConfigureAwait(false);
        return [.. all.OrderBy(v => v.DecidedAt).Take(limit)];
    }

    public async Task MarkPostedAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken)
    {
        foreach (string id in transactionIds)
        {
            await SetPostedAsync(id, true, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task MarkAllWaitingAsync(CancellationToken cancellationToken)
    {
        foreach (AnalystVerdict v in await ScanAsync(null, cancellationToken).ConfigureAwait(false))
        {
            await SetPostedAsync(v.TransactionId, false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<VerdictCounts> CountsAsync(CancellationToken cancellationToken)
    {
        List<AnalystVerdict> all = await ScanAsync(null, cancellationToken).ConfigureAwait(false);
        return new VerdictCounts(all.Count(v => v.IsFraud), all.Count(v => !v.IsFraud), all.Count(v => !v.Posted));
    }

    public void Dispose()
    {
        // The DynamoDB client belongs to whoever created it.
    }

    private async Task SetPostedAsync(string transactionId, bool posted, CancellationToken cancellationToken) =>
        await _dynamo.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = _table,
                Key = new() { [Key] = new() { S = transactionId } },
                UpdateExpression = "SET posted = :p",
                ConditionExpression = "attribute_exists(#k)",
                ExpressionAttributeNames = new() { ["#k"] = Key },
                ExpressionAttributeValues = new() { [":p"] = new() { BOOL = posted } },
            },
            cancellationToken).ConfigureAwait(false);

    private async Task<List<AnalystVerdict>> ScanAsync((string Expression, Dictionary<string, AttributeValue> Values)? filter, CancellationToken cancellationToken)
    {
        var result = new List<AnalystVerdict>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new ScanRequest { TableName = _table, ConsistentRead = true, ExclusiveStartKey = start };
            if (filter is { } f)
            {
                request.FilterExpression = f.Expression;
                request.ExpressionAttributeValues = f.Values;
            }

            ScanResponse response = await _dynamo.ScanAsync(request, cancellationToken).ConfigureAwait(false);
            result.AddRange((response.Items ?? []).Select(Read));
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return result;
    }

    private static AnalystVerdict Read(Dictionary<string, AttributeValue> item) => new(
        item[Key].S,
        item["card_id"].S,
        item.TryGetValue("customer_id", out AttributeValue? customer) ? customer.S : null,
        item["verdict"].S == AnalystVerdict.Fraud,
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["event_time"].N, CultureInfo.InvariantCulture)),
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["decided_at"].N, CultureInfo.InvariantCulture)),
        item.TryGetValue("posted", out AttributeValue? posted) && posted.BOOL == true);

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
