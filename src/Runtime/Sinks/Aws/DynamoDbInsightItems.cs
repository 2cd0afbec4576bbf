using System.Globalization;
using Amazon.DynamoDBv2.Model;
using StreamGuard.Core.Model;
using StreamGuard.Insight.Budgets;
using StreamGuard.Pipeline;
using StreamGuard.Insight.Segments;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// The persisted insight in aws mode, the DynamoDB twin of the SQLite budgets, customer_segments and
/// duplicates tables: one partition per customer (<c>pk</c> = "customer|&lt;pseudonym&gt;"), so the
/// console's customer view is one Query. Sort keys: "budget|yyyy-MM|category", "segment",
/// "duplicate|&lt;alert id&gt;". Every item is a put of the latest value: a batch delivered again
/// rewrites the same items.
/// </summary>
public static class DynamoDbInsightItems
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string BudgetPrefix = "budget|";
    public const string SegmentKey = "segment";
    public const string DuplicatePrefix = "duplicate|";

    public static string Partition(string customerId) => "customer|" + customerId;

    /// <summary>The batch's items, one per key (the latest standing when a key repeats).</summary>
    public static IReadOnlyCollection<Dictionary<string, AttributeValue>> From(RecordBatch batch)
    {
        var items = new Dictionary<(string, string), Dictionary<string, AttributeValue>>();
        foreach (BudgetStatus b in batch.Read<BudgetStatus>())
        {
            string month = b.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var item = Item(b.CustomerId, BudgetPrefix + month + "|" + b.Category);
            item["category"] = new() { S = b.Category };
            item["month"] = new() { S = month };
            item["month_to_date"] = Number(b.MonthToDate);
            if (b.Budget is decimal budget)
            {
                item["budget"] = Number(budget);
            }

            item["budget_source"] = new() { S = b.BudgetSource };
            item["forecast"] = Number(b.Forecast);
            item["status"] = new() { S = SqliteInsightWriter.StatusOf(b) };
            items[(item[PartitionKey].S, item[SortKey].S)] = item;
        }

        foreach (CustomerSegment s in batch.Read<CustomerSegment>())
        {
            var item = Item(s.CustomerId, SegmentKey);
            item["segment"] = new() { S = s.Segment };
            items[(item[PartitionKey].S, item[SortKey].S)] = item;
        }

        foreach (Alert a in batch.Alerts.Where(a => a.Type == AlertTypes.DuplicateSuspected && a.CustomerId is not null))
        {
            var item = Item(a.CustomerId!, DuplicatePrefix + a.AlertId);
            item["alert_id"] = new() { S = a.AlertId };
            if (a.TransactionId is not null)
            {
                item["transaction_id"] = new() { S = a.TransactionId };
            }

            if (a.CardId is not null)
            {
                item["card_id"] = new() { S = a.CardId };
            }

            if (a.Amount is decimal amount)
            {
                item["amount"] = Number(amount);
            }

            item["event_time"] = new() { N = a.EventTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
            item["message"] = new() { S = a.Message };
            items[(item[PartitionKey].S, item[SortKey].S)] = item;
        }

        return items.Values;
    }

    private static Dictionary<string, AttributeValue> Item(string customerId, string sortKey) => new()
    {
        [PartitionKey] = new() { S = Partition(customerId) },
        [SortKey] = new() { S = sortKey },
    };

    private static AttributeValue Number(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
