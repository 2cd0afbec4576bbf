using System.Globalization;
using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.Stages;

namespace StreamGuard.Processor.Tests.Pipeline;

/// <summary>The encode stage packs records into shared arrays; every record's bytes must still be exactly its own JSON.</summary>
public sealed class EncodeStageTests
{
    private static PipelineItem Item(int i, string merchant)
    {
        string id = i.ToString("D6", CultureInfo.InvariantCulture);
        return new PipelineItem(new StreamRecord("4900010000000100000000" + id, "p" + id, new byte[] { 1 }, DateTimeOffset.UnixEpoch))
        {
            Output = new EnrichedTransaction
            {
                TransactionId = "txn_" + id,
                EventTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
                Amount = 10.25m + i,
                Merchant = merchant,
                CustomerId = "cust_" + id,
                CardId = "card_" + id,
                Category = "GROCERIES",
                FraudScore = i / 1000.0,
            },
        };
    }

    [Fact]
    public void Process_ManyRecordsAcrossSharedArrays_EachRecordItsOwnJson()
    {
        var stage = new EncodeStage();
        var items = new List<PipelineItem>();
        for (int i = 0; i < 700; i++)
        {
            // Unequal lengths move the record boundaries across the shared arrays; one record is larger than a quarter of one, one needs escaping.
            string merchant = i switch
            {
                17 => new string('m', 40_000),
                18 => "Café \"Ünter\" <b>&",
                _ => "Shop " + new string('x', i % 97),
            };
            items.Add(Item(i, merchant));
        }

        items[5].DeadLetter = new DeadLetter("stream:s", items[5].Record.SequenceNumber, "validate", "bad", "{}");
        var batch = new RecordBatch("shardId-000000000000", items);
        stage.Process(batch);
        // A second batch continues in the last shared array of the first: the first batch's bytes must not change.
        var next = new RecordBatch("shardId-000000000000", [Item(900, "Later shop")]);
        stage.Process(next);

        Assert.True(items[5].OutputJson.IsEmpty);
        foreach (PipelineItem item in items.Where(item => item.IsLive).Append(next.Items[0]))
        {
            byte[] expected = JsonSerializer.SerializeToUtf8Bytes(item.Output!, CoreJsonContext.Default.EnrichedTransaction);
            Assert.Equal(expected, item.OutputJson.ToArray());
        }

        EnrichedTransaction? big = JsonSerializer.Deserialize(items[17].OutputJson.Span, CoreJsonContext.Default.EnrichedTransaction);
        Assert.Equal(40_000, big!.Merchant.Length);
    }
}
