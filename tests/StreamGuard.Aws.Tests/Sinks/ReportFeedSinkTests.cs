using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Aws;
using StreamGuard.Aws.Firehose;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Feeds;

namespace StreamGuard.Aws.Tests.Sinks;

/// <summary>
/// The report feed through Firehose, against a local server that checks the PutRecordBatch
/// request and fails some records on the first call: what leaves is DP releases, never exact totals.
/// </summary>
public sealed class ReportFeedSinkTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset s_day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private readonly MemoryPrivacyLedgerStore _ledger = new();

    private PrivateCategoryReport Report() => new(
        new DifferentialPrivacyOptions { MinGroupSize = 2, AllowedLateness = TimeSpan.FromHours(1) },
        new PrivacyBudgetLedger(_ledger),
        new SeededNoiseSource(7),
        TimeProvider.System,
        shardCount: 1)
    { Continual = false };

    /// <summary>
    /// Seven categories with two customers each on day one, one transaction on day three that closes
    /// day one, and the batch's exact window totals (which must not be sent).
    /// </summary>
    private static RecordBatch BatchClosingOneDay(int categories = 7)
    {
        var items = new List<PipelineItem>();
        for (int i = 0; i < (categories * 2) + 1; i++)
        {
            bool closer = i == categories * 2;
            DateTimeOffset at = closer ? s_day.AddDays(2) : s_day.AddHours(1 + i);
            string customer = "cust_" + (i % 2).ToString(CultureInfo.InvariantCulture);
            items.Add(new PipelineItem(new StreamRecord(i.ToString(CultureInfo.InvariantCulture), "card", "{}"u8.ToArray(), at))
            {
                Output = new EnrichedTransaction
                {
                    TransactionId = "tx" + i.ToString(CultureInfo.InvariantCulture),
                    EventTime = at,
                    Amount = 10m + i,
                    Merchant = "m",
                    CustomerId = customer,
                    CardId = "card_" + customer,
                    Category = ReleaseCategories.All[i / 2 % ReleaseCategories.All.Count],
                },
            });
        }

        var batch = new RecordBatch("shardId-000000000000", items);
        batch.WindowDeltas.Add(new WindowTotal(WindowNames.Day, s_day, "customer", "cust_0", 7, 123.45m));
        return batch;
    }

    [Fact]
    public async Task WriteAsync_FirehosePartialFailure_ResendsOnlyFailedReleaseLinesPaidForBeforeSending()
    {
        var received = new List<string>();
        int calls = 0;
        int ledgerAtFirstCall = -1;
        var wireErrors = new List<string>();
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async context =>
        {
            // The documented PutRecordBatch request: JSON 1.1 with the Firehose target, the stream name, base64 records.
            if (context.Request.Headers["X-Amz-Target"] != "Firehose_20150804.PutRecordBatch" || context.Request.ContentType?.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal) != true)
            {
                wireErrors.Add($"{context.Request.Headers["X-Amz-Target"]} {context.Request.ContentType}");
            }

            using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body);
            if (body.RootElement.GetProperty("DeliveryStreamName").GetString() != "sg-reports")
            {
                wireErrors.Add("DeliveryStreamName");
            }

            string[] records = body.RootElement.GetProperty("Records").EnumerateArray().Select(r => Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("Data").GetString()!))).ToArray();
            bool failSome = Interlocked.Increment(ref calls) == 1;
            if (failSome)
            {
                ledgerAtFirstCall = _ledger.Entries.Count;
            }

            var answers = new List<string>();
            for (int i = 0; i < records.Length; i++)
            {
                bool fail = failSome && i % 2 == 0;
                if (!fail)
                {
                    lock (received)
                    {
                        received.Add(records[i]);
                    }
                }

                answers.Add(fail ? """{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"slow down"}""" : $$"""{"RecordId":"r{{i}}"}""");
            }

            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync($$"""{"FailedPutCount":{{answers.Count(a => a.Contains("ErrorCode", StringComparison.Ordinal))}},"RequestResponses":[{{string.Join(',', answers)}}]}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url);
        await using var sink = new ReportFeedSink(new FirehoseFeedWriter(new FirehoseClient(context), "sg-reports"), Report());

        await sink.WriteAsync(BatchClosingOneDay(), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Empty(wireErrors);
        Assert.Equal(2, calls);
        Assert.Equal(2, ledgerAtFirstCall); // count and sum of the release, recorded before anything was sent
        Assert.Equal(ReleaseCategories.All.Count, received.Count); // every public category, zeros included
        Assert.All(received, line => Assert.EndsWith("}\n", line, StringComparison.Ordinal));
        CategoryRelease[] releases = received.Select(l => JsonSerializer.Deserialize(l, PrivacyJsonContext.Default.CategoryRelease)!).ToArray();
        Assert.Equal(ReleaseCategories.All.Order(), releases.Select(r => r.Category).Order());
        Assert.All(releases, r => Assert.Equal("category-day/2026-11-20T00:00:00Z", r.ReleaseId));
        Assert.All(releases, r => Assert.Equal(s_day, r.WindowStart));
        // No exact window totals and no customer: only the release's fields.
        Assert.All(received, l => Assert.DoesNotContain("cust_", l, StringComparison.Ordinal));
        Assert.All(received, l => Assert.False(JsonDocument.Parse(l).RootElement.TryGetProperty("key", out _), "an exact window total in the feed"));
    }

    [Fact]
    public async Task WriteAsync_NoWindowClosed_SendsNothingNotEvenTheBatchsExactTotals()
    {
        int calls = 0;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(context =>
        {
            Interlocked.Increment(ref calls);
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        using AwsClientContext context = TestContexts.For(server.Url);
        await using var sink = new ReportFeedSink(new FirehoseFeedWriter(new FirehoseClient(context), "sg-reports"), Report());

        // Seven categories on day one only: nothing has passed the watermark yet.
        RecordBatch batch = BatchClosingOneDay();
        var open = new RecordBatch(batch.ShardId, batch.Items.Take(14).ToList());
        open.WindowDeltas.AddRange(batch.WindowDeltas);
        await sink.WriteAsync(open, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(0, calls);
        Assert.Empty(_ledger.Entries);
    }

    [Fact]
    public async Task WriteAsync_FirehoseKeepsRefusing_ThrowsSoTheBatchIsNotCheckpointed()
    {
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async context =>
        {
            using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body);
            int n = body.RootElement.GetProperty("Records").GetArrayLength();
            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync($$"""{"FailedPutCount":{{n}},"RequestResponses":[{{string.Join(',', Enumerable.Repeat("""{"ErrorCode":"InternalFailure","ErrorMessage":"x"}""", n))}}]}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url);
        await using var sink = new ReportFeedSink(new FirehoseFeedWriter(new FirehoseClient(context), "sg-reports"), Report());

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(BatchClosingOneDay(3), CancellationToken.None).WaitAsync(s_timeout));

        Assert.Contains("sg-reports", error.Message, StringComparison.Ordinal);
        // Paid for even though not delivered: the budget errs on the safe side.
        Assert.Equal(2, _ledger.Entries.Count);
    }
}
