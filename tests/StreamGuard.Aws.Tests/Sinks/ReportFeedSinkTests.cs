using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Core.Aws;
using StreamGuard.Core.Aws.Firehose;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Processor.Pipeline;
using StreamGuard.Processor.Sinks.Aws;

namespace StreamGuard.Aws.Tests.Sinks;

/// <summary>The report feed through Firehose, against a local server that fails some records on the first call.</summary>
public sealed class ReportFeedSinkTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static RecordBatch BatchWithDeltas(int count)
    {
        var batch = new RecordBatch("shardId-000000000000", [new PipelineItem(new StreamRecord("1", "card", "{}"u8.ToArray(), DateTimeOffset.UtcNow))]);
        for (int i = 0; i < count; i++)
        {
            batch.WindowDeltas.Add(new WindowTotal(WindowNames.Day, new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), "category", "cat-" + i, 1, i));
        }

        return batch;
    }

    [Fact]
    public async Task WriteAsync_FirehosePartialFailure_ResendsOnlyFailedLinesEachEndingWithNewline()
    {
        var received = new List<string>();
        int calls = 0;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async context =>
        {
            using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body);
            string[] records = body.RootElement.GetProperty("Records").EnumerateArray().Select(r => Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("Data").GetString()!))).ToArray();
            bool failSome = Interlocked.Increment(ref calls) == 1;
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
        var options = new AwsSinkOptions { ArchiveBucket = "unused", FirehoseDeliveryStream = "sg-reports" };
        await using var sink = new ReportFeedSink(new FirehoseClient(context), null, options);

        await sink.WriteAsync(BatchWithDeltas(7), CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(2, calls);
        Assert.Equal(7, received.Count);
        Assert.All(received, line => Assert.EndsWith("}\n", line, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => "cat-" + i).Order(), received.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("key").GetString()!).Order());
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
        await using var sink = new ReportFeedSink(new FirehoseClient(context), null, new AwsSinkOptions { ArchiveBucket = "unused", FirehoseDeliveryStream = "sg-reports" });

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(BatchWithDeltas(3), CancellationToken.None).WaitAsync(s_timeout));

        Assert.Contains("sg-reports", error.Message, StringComparison.Ordinal);
    }
}
