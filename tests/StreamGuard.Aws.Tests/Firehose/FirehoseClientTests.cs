using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Aws;
using StreamGuard.Aws.Firehose;

namespace StreamGuard.Aws.Tests.Firehose;

/// <summary>Firehose has no emulator: a local server checks the documented PutRecordBatch request format and answers partial failures.</summary>
public sealed partial class FirehoseClientTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/\d{8}/us-east-1/firehose/aws4_request, SignedHeaders=([a-z0-9-]+;)*[a-z0-9-]+, Signature=[0-9a-f]{64}$")]
    private static partial Regex SigV4Authorization();

    /// <summary>Checks one request against the documented format; returns the decoded records, or a reason it is malformed.</summary>
    private static async Task<(List<string> Records, string? Problem)> ReadPutRecordBatchAsync(HttpRequest request)
    {
        if (request.Method != "POST" || request.Path != "/")
        {
            return ([], $"expected POST /, got {request.Method} {request.Path}");
        }

        if (request.Headers["X-Amz-Target"] != "Firehose_20150804.PutRecordBatch")
        {
            return ([], $"X-Amz-Target was '{request.Headers["X-Amz-Target"]}'");
        }

        if (request.ContentType != "application/x-amz-json-1.1")
        {
            return ([], $"Content-Type was '{request.ContentType}'");
        }

        string authorization = request.Headers.Authorization.ToString();
        if (!SigV4Authorization().IsMatch(authorization) || !authorization.Contains("x-amz-date", StringComparison.Ordinal) || !authorization.Contains("x-amz-target", StringComparison.Ordinal))
        {
            return ([], $"Authorization '{authorization}' is not SigV4 over host, x-amz-date and x-amz-target");
        }

        if (!Regex.IsMatch(request.Headers["X-Amz-Date"].ToString(), @"^\d{8}T\d{6}Z$"))
        {
            return ([], "X-Amz-Date missing or malformed");
        }

        using JsonDocument body = await JsonDocument.ParseAsync(request.Body);
        if (!body.RootElement.TryGetProperty("DeliveryStreamName", out JsonElement name) || name.GetString() != "sg-reports")
        {
            return ([], "DeliveryStreamName missing");
        }

        var records = new List<string>();
        foreach (JsonElement record in body.RootElement.GetProperty("Records").EnumerateArray())
        {
            records.Add(Encoding.UTF8.GetString(Convert.FromBase64String(record.GetProperty("Data").GetString()!)));
        }

        return (records, null);
    }

    [Fact]
    public async Task PutRecordBatchWithRetry_PartialFailure_ResendsExactlyTheFailedRecords()
    {
        var calls = new List<List<string>>();
        var problems = new List<string>();
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            (List<string> records, string? problem) = await ReadPutRecordBatchAsync(http.Request);
            lock (calls)
            {
                calls.Add(records);
                if (problem is not null)
                {
                    problems.Add(problem);
                }
            }

            if (problem is not null)
            {
                http.Response.StatusCode = 400;
                await http.Response.WriteAsync($$"""{"__type":"InvalidArgumentException","message":"{{problem}}"}""");
                return;
            }

            // First call: records 1 and 3 fail (one throttled, one internal). Later calls: everything succeeds.
            bool first = calls.Count == 1;
            var responses = records.Select((r, i) => first && i == 1
                ? """{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"Slow down."}"""
                : first && i == 3
                    ? """{"ErrorCode":"InternalFailure","ErrorMessage":"Oops."}"""
                    : $$"""{"RecordId":"rec-{{r.Trim()}}"}""");
            int failed = first ? 2 : 0;
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.WriteAsync($$"""{"FailedPutCount":{{failed}},"Encrypted":false,"RequestResponses":[{{string.Join(",", responses)}}]}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url);
        var client = new FirehoseClient(context);
        ReadOnlyMemory<byte>[] records = Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"r{i}\n")).ToArray();

        FirehoseBatchResult result = await client.PutRecordBatchWithRetryAsync("sg-reports", records, maxAttempts: 3, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Empty(problems);
        Assert.Equal(2, calls.Count);
        Assert.Equal(["r0\n", "r1\n", "r2\n", "r3\n", "r4\n"], calls[0]);
        Assert.Equal(["r1\n", "r3\n"], calls[1]);
        Assert.Equal(0, result.FailedPutCount);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(["rec-r0", "rec-r1", "rec-r2", "rec-r3", "rec-r4"], result.Records.Select(r => r.RecordId));
    }

    [Fact]
    public async Task PutRecordBatch_PartialFailure_ReportsFailedPutCountAndErrors()
    {
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            (List<string> records, string? problem) = await ReadPutRecordBatchAsync(http.Request);
            Assert.Null(problem);
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.WriteAsync("""{"FailedPutCount":1,"RequestResponses":[{"RecordId":"a"},{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"Slow down."}]}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url);
        var client = new FirehoseClient(context);

        FirehoseBatchResult result = await client.PutRecordBatchAsync("sg-reports", ["a\n"u8.ToArray(), "b\n"u8.ToArray()], CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(1, result.FailedPutCount);
        Assert.True(result.Records[0].Succeeded);
        Assert.Equal("ServiceUnavailableException", result.Records[1].ErrorCode);
    }

    [Fact]
    public async Task PutRecordBatchWithRetry_AlwaysFailing_StopsAtMaxAttemptsWithLastError()
    {
        int calls = 0;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            Interlocked.Increment(ref calls);
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.WriteAsync("""{"FailedPutCount":1,"RequestResponses":[{"ErrorCode":"InternalFailure","ErrorMessage":"Still broken."}]}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url);
        var client = new FirehoseClient(context);

        FirehoseBatchResult result = await client.PutRecordBatchWithRetryAsync("sg-reports", ["x\n"u8.ToArray()], maxAttempts: 3, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(3, calls);
        Assert.Equal(1, result.FailedPutCount);
        Assert.Equal("Still broken.", result.Records[0].ErrorMessage);
    }

    [Fact]
    public async Task PutRecordBatch_TooManyRecords_ThrowsNamingTheLimit()
    {
        using AwsClientContext context = TestContexts.For(new Uri("http://127.0.0.1:9/"));
        var client = new FirehoseClient(context);
        ReadOnlyMemory<byte>[] records = Enumerable.Range(0, 501).Select(_ => (ReadOnlyMemory<byte>)"x"u8.ToArray()).ToArray();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => client.PutRecordBatchAsync("sg-reports", records, CancellationToken.None).WaitAsync(s_timeout));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }
}
