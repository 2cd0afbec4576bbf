using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StreamGuard.LiveView.Models;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// aws mode's drill-down: reads what the workers' DynamoDB sink writes. A card's history and a
/// customer's transactions come from the transactions table's <c>by_card</c> / <c>by_customer</c>
/// indexes (newest first); budgets, the segment and duplicates from the customer's partition of the
/// insights table. A transactions table made before the indexes existed is scanned instead.
/// </summary>
public sealed class DynamoDbConsoleReader : IConsoleReader
{
    private const int HistoryRows = 100;
    private const int CustomerRows = 5_000;
    private readonly IAmazonDynamoDB _dynamo;
    private readonly AwsSinkOptions _tables;

    public DynamoDbConsoleReader(IAmazonDynamoDB dynamo, AwsSinkOptions tables)
    {
        _dynamo = dynamo;
        _tables = tables;
    }

    public bool Available => true;

    public async Task<CardHistory?> CardHistoryAsync(string cardId, double? threshold, CancellationToken cancellationToken)
    {
        List<Dictionary<string, AttributeValue>> items = await NewestAsync(DynamoDbSink.ByCardIndex, "card_id", cardId, HistoryRows, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return null;
        }

        List<CardTransaction> rows = [.. items.Select(Transaction)];
        return new CardHistory(cardId, Text(items[0], "customer_id"), rows, ConsoleDatabase.Usual(rows), [], threshold);
    }

    public async Task<CustomerView?> CustomerAsync(string query, CancellationToken cancellationToken)
    {
        query = await ResolveAsync(query, cancellationToken).ConfigureAwait(false) ?? query;
        List<Dictionary<string, AttributeValue>> items = await NewestAsync(DynamoDbSink.ByCustomerIndex, "customer_id", query, CustomerRows, cancellationToken).ConfigureAwait(false);
        List<Dictionary<string, AttributeValue>> insight = await InsightAsync(query, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0 && insight.Count == 0)
        {
            return null;
        }

        List<CardTransaction> rows = [.. items.Select(Transaction)];
        var budgetItems = insight.Where(i => i[DynamoDbInsightItems.SortKey].S.StartsWith(DynamoDbInsightItems.BudgetPrefix, StringComparison.Ordinal)).ToList();
        string? month = budgetItems.Select(i => i["month"].S).Max(StringComparer.Ordinal);
        List<BudgetLine> budgets = [.. budgetItems.Where(i => i["month"].S == month)
            .Select(i => new BudgetLine(i["category"].S, Money(i, "month_to_date") ?? 0, Money(i, "budget"), i["budget_source"].S, Money(i, "forecast") ?? 0, i["status"].S))
            .OrderByDescending(b => b.MonthToDate)];
        List<MonthTotal> trend = [.. rows.GroupBy(r => r.EventTime[..7]).OrderByDescending(g => g.Key, StringComparer.Ordinal).Take(12)
            .Select(g => new MonthTotal(g.Key, g.Sum(r => r.Amount), g.LongCount())).Reverse()];
        List<DuplicateLine> duplicates = [.. insight.Where(i => i[DynamoDbInsightItems.SortKey].S.StartsWith(DynamoDbInsightItems.DuplicatePrefix, StringComparison.Ordinal))
            .Select(i => (Time: long.Parse(i["event_time"].N, CultureInfo.InvariantCulture), Item: i))
            .OrderByDescending(d => d.Time).Take(20)
            .Select(d => new DuplicateLine(d.Item["alert_id"].S, Text(d.Item, "transaction_id"), Money(d.Item, "amount"),
                DashboardState.Time(DateTimeOffset.FromUnixTimeMilliseconds(d.Time)), d.Item["message"].S))];
        string? segment = insight.Find(i => i[DynamoDbInsightItems.SortKey].S == DynamoDbInsightItems.SegmentKey) is { } s ? Text(s, "segment") : null;
        return new CustomerView(query, segment, month, budgets, trend, [.. rows.Take(20)], duplicates);
    }

    public async Task<IReadOnlyList<(string Id, DateTimeOffset EventTime, string CustomerId)>> AlertedTransactionsAsync(string cardId, CancellationToken cancellationToken)
    {
        List<Dictionary<string, AttributeValue>> items = await NewestAsync(DynamoDbSink.ByCardIndex, "card_id", cardId, 1_000, cancellationToken).ConfigureAwait(false);
        return [.. items.Where(i => i.TryGetValue("fraud_alert", out AttributeValue? a) && a.BOOL == true).Take(200)
            .Select(i => (i[DynamoDbSink.TransactionKey].S, EventTime(i), i["customer_id"].S))];
    }

    /// <summary>
    /// The one customer whose pseudonym starts with <paramref name="query"/> (the query itself when it is
    /// a whole pseudonym among others), from the profiles table's prefix index; null when none or several
    /// match or the query is shorter than the index's prefix.
    /// </summary>
    private async Task<string?> ResolveAsync(string query, CancellationToken cancellationToken)
    {
        if (query.Length < DynamoDbSink.SearchPrefixLength)
        {
            return null;
        }

        var found = new List<string>(2);
        try
        {
            QueryResponse response = await _dynamo.QueryAsync(
                new QueryRequest
                {
                    TableName = _tables.ProfilesTable,
                    IndexName = DynamoDbSink.ByPrefixIndex,
                    KeyConditionExpression = "#p = :p AND begins_with(#c, :q)",
                    ExpressionAttributeNames = new() { ["#p"] = DynamoDbSink.SearchPrefixAttribute, ["#c"] = DynamoDbSink.ProfileKey },
                    ExpressionAttributeValues = new() { [":p"] = new() { S = DynamoDbSink.SearchPrefix(query) }, [":q"] = new() { S = query } },
                    Limit = 2,
                },
                cancellationToken).ConfigureAwait(false);
            found.AddRange((response.Items ?? []).Select(i => i[DynamoDbSink.ProfileKey].S));
        }
        catch (AmazonDynamoDBException e) when (e.ErrorCode is "ValidationException" or "ResourceNotFoundException")
        {
            // A profiles table created before the index (or none yet): no prefix search, whole pseudonyms still work.
            return null;
        }

        return found.Count == 1 ? found[0] : found.Find(f => f == query);
    }

    private async Task<List<Dictionary<string, AttributeValue>>> NewestAsync(string index, string attribute, string key, int limit, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        try
        {
            do
            {
                QueryResponse response = await _dynamo.QueryAsync(
                    new QueryRequest
                    {
                        TableName = _tables.TransactionsTable,
                        IndexName = index,
                        KeyConditionExpression = "#a = :k",
                        ExpressionAttributeNames = new() { ["#a"] = attribute },
                        ExpressionAttributeValues = new() { [":k"] = new() { S = key } },
                        ScanIndexForward = false,
                        Limit = Math.Min(1_000, limit - items.Count),
                        ExclusiveStartKey = start,
                    },
                    cancellationToken).ConfigureAwait(false);
                items.AddRange(response.Items ?? []);
                start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null && items.Count < limit);
            return items;
        }
        catch (AmazonDynamoDBException e) when (e.ErrorCode == "ValidationException" && items.Count == 0)
        {
            // A table created before the indexes: read it whole, once per drill-down.
            return await ScanAsync(attribute, key, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string attribute, string key, int limit, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            ScanResponse response = await _dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = _tables.TransactionsTable,
                    FilterExpression = "#a = :k",
                    ExpressionAttributeNames = new() { ["#a"] = attribute },
                    ExpressionAttributeValues = new() { [":k"] = new() { S = key } },
                    ExclusiveStartKey = start,
                },
                cancellationToken).ConfigureAwait(false);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return [.. items.OrderByDescending(i => i["event_time"].S, StringComparer.Ordinal).Take(limit)];
    }

    private async Task<List<Dictionary<string, AttributeValue>>> InsightAsync(string customerId, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            QueryResponse response = await _dynamo.QueryAsync(
                new QueryRequest
                {
                    TableName = _tables.InsightsTable,
                    KeyConditionExpression = "pk = :p",
                    ExpressionAttributeValues = new() { [":p"] = new() { S = DynamoDbInsightItems.Partition(customerId) } },
                    ExclusiveStartKey = start,
                },
                cancellationToken).ConfigureAwait(false);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }

    private static CardTransaction Transaction(Dictionary<string, AttributeValue> i) => new(
        i[DynamoDbSink.TransactionKey].S,
        DashboardState.Time(EventTime(i)),
        Text(i, "merchant") ?? "",
        i["category"].S,
        Money(i, "amount") ?? 0,
        Math.Round(double.Parse(i["fraud_score"].N, CultureInfo.InvariantCulture), 3),
        i.TryGetValue("fraud_alert", out AttributeValue? alert) && alert.BOOL == true);

    private static DateTimeOffset EventTime(Dictionary<string, AttributeValue> i) => DateTimeOffset.Parse(i["event_time"].S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string? Text(Dictionary<string, AttributeValue> i, string name) => i.TryGetValue(name, out AttributeValue? v) ? v.S : null;

    private static decimal? Money(Dictionary<string, AttributeValue> i, string name) =>
        i.TryGetValue(name, out AttributeValue? v) && v.N is { } n ? Math.Round(decimal.Parse(n, CultureInfo.InvariantCulture), 2) : null;
}
