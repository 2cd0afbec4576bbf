using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Aws.Tests.Kinesis;

/// <summary>Wire-level behaviour kinesalite cannot show: paging, throttling, 5xx retries, per-entry failures.</summary>
public sealed class KinesisClientProtocolTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private const string ShardJson = """
        {"ShardId":"shardId-00000000000{0}","HashKeyRange":{"StartingHashKey":"{1}","EndingHashKey":"{2}"},"SequenceNumberRange":{"StartingSequenceNumber":"1"}}
        """;

    private static string Shard(int index, string start, string end) =>
        ShardJson.Replace("{0}", index.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{1}", start, StringComparison.Ordinal).Replace("{2}", end, StringComparison.Ordinal);

    [Fact]
    public async Task ListShards_ServicePages_FollowsNextTokenWithoutStreamName()
    {
        var requests = new List<JsonElement>();
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            using JsonDocument body = await JsonDocument.ParseAsync(http.Request.Body);
            lock (requests)
            {
                requests.Add(body.RootElement.Clone());
            }

            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.WriteAsync(body.RootElement.TryGetProperty("NextToken", out _)
                ? $$"""{"Shards":[{{Shard(1, "100", "199")}}]}"""
                : $$"""{"Shards":[{{Shard(0, "0", "99")}}],"NextToken":"page-2"}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url);

        IReadOnlyList<ShardDescription> shards = await new KinesisClient(context, "tx").ListShardsAsync(CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(["shardId-000000000000", "shardId-000000000001"], shards.Select(s => s.ShardId));
        Assert.Equal("tx", requests[0].GetProperty("StreamName").GetString());
        Assert.Equal("page-2", requests[1].GetProperty("NextToken").GetString());
        Assert.False(requests[1].TryGetProperty("StreamName", out _));
    }

    [Fact]
    public async Task GetRecords_ServerErrorsThenSuccess_RetriesAndReturnsPage()
    {
        int calls = 0;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            http.Response.ContentType = "application/x-amz-json-1.1";
            if (Interlocked.Increment(ref calls) <= 2)
            {
                http.Response.StatusCode = 500;
                await http.Response.WriteAsync("""{"__type":"InternalFailure","message":"try again"}""");
                return;
            }

            await http.Response.WriteAsync("""{"Records":[{"SequenceNumber":"7","PartitionKey":"k","Data":"aGVsbG8=","ApproximateArrivalTimestamp":1440938160.5}],"NextShardIterator":"it-2","MillisBehindLatest":42}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url, maxRetries: 3);

        GetRecordsResult page = await new KinesisClient(context, "tx").GetRecordsAsync("it-1", 100, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal(3, calls);
        StreamRecord record = Assert.Single(page.Records);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(record.Data.Span));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1440938160500), record.ApproximateArrivalTimestamp);
        Assert.Equal("it-2", page.NextShardIterator);
        Assert.Equal(42, page.MillisBehindLatest);
    }

    [Fact]
    public async Task GetRecords_ThrottledBeyondRetries_ThrowsProvisionedThroughputExceeded()
    {
        int calls = 0;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            Interlocked.Increment(ref calls);
            http.Response.StatusCode = 400;
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.WriteAsync("""{"__type":"com.amazonaws.kinesis.v20131202#ProvisionedThroughputExceededException","message":"Rate exceeded for shard"}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url, maxRetries: 2);

        ProvisionedThroughputExceededException error = await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(
            () => new KinesisClient(context, "tx").GetRecordsAsync("it-1", 100, CancellationToken.None).WaitAsync(s_timeout));

        Assert.Equal(3, calls);
        Assert.True(error.IsThrottling);
        Assert.Equal("ProvisionedThroughputExceededException", error.ErrorCode);
    }

    [Fact]
    public async Task GetRecords_ExpiredIterator_ThrowsContractExpiryWithoutRetry()
    {
        int calls = 0;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            Interlocked.Increment(ref calls);
            http.Response.StatusCode = 400;
            http.Response.Headers["x-amzn-RequestId"] = "req-1";
            await http.Response.WriteAsync("""{"__type":"ExpiredIteratorException","message":"Iterator expired"}""");
        });
        using AwsClientContext context = TestContexts.For(server.Url, maxRetries: 3);

        ShardIteratorExpiredException expired = await Assert.ThrowsAsync<ShardIteratorExpiredException>(
            () => new KinesisClient(context, "tx").GetRecordsAsync("it-1", 100, CancellationToken.None).WaitAsync(s_timeout));

        Assert.Equal(1, calls);
        ExpiredIteratorException error = Assert.IsType<ExpiredIteratorException>(expired.InnerException);
        Assert.Equal("req-1", error.RequestId);
        Assert.Contains("Iterator expired", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutRecords_PartialFailure_ReportsPerEntryErrorCodes()
    {
        string? target = null;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            target = http.Request.Headers["X-Amz-Target"];
            using JsonDocument body = await JsonDocument.ParseAsync(http.Request.Body);
            Assert.Equal("aGVsbG8=", body.RootElement.GetProperty("Records")[0].GetProperty("Data").GetString());
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.WriteAsync("""
                {"FailedRecordCount":1,"Records":[
                  {"SequenceNumber":"1","ShardId":"shardId-000000000000"},
                  {"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded"}]}
                """);
        });
        using AwsClientContext context = TestContexts.For(server.Url);

        PutRecordsResult result = await new KinesisClient(context, "tx").PutRecordsAsync(
            [new("a", "hello"u8.ToArray()), new("b", "world"u8.ToArray())], CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal("Kinesis_20131202.PutRecords", target);
        Assert.Equal(1, result.FailedRecordCount);
        Assert.True(result.Records[0].Succeeded);
        Assert.Equal("ProvisionedThroughputExceededException", result.Records[1].ErrorCode);
    }

    [Fact]
    public async Task GetRecords_ServerUnreachable_ThrowsHttpRequestExceptionAfterRetries()
    {
        using AwsClientContext context = TestContexts.For(new Uri("http://127.0.0.1:9/"), maxRetries: 1);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => new KinesisClient(context, "tx").GetRecordsAsync("it-1", 100, CancellationToken.None).WaitAsync(s_timeout));
    }
}
