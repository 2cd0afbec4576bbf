using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Pipeline;

namespace StreamGuard.Processor.Tests.Support;

/// <summary>Builds privacy-safe transactions and batches for insight tests.</summary>
internal static class Tx
{
    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static EnrichedTransaction Make(
        string id,
        DateTimeOffset time,
        decimal amount,
        string customer = "c1",
        string category = BudgetCategory.FoodAndDrink,
        string merchant = "Blue Bottle",
        string? card = null,
        ChangeKind change = ChangeKind.Added,
        string? pendingId = null) => new()
        {
            TransactionId = id,
            EventTime = time,
            Amount = amount,
            Merchant = merchant,
            CustomerId = customer,
            CardId = card ?? "card-" + customer,
            Category = category,
            Change = change,
            PendingTransactionId = pendingId,
        };

    public static RecordBatch Batch(string shard, long firstSequence, params EnrichedTransaction[] txs)
    {
        var items = new List<PipelineItem>();
        for (int i = 0; i < txs.Length; i++)
        {
            var record = new StreamRecord((firstSequence + i).ToString(CultureInfo.InvariantCulture), txs[i].CardId, ReadOnlyMemory<byte>.Empty, txs[i].EventTime);
            items.Add(new PipelineItem(record) { Output = txs[i] });
        }

        return new RecordBatch(shard, items);
    }
}
