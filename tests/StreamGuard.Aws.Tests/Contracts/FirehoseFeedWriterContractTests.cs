using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Aws;
using StreamGuard.Aws.Firehose;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Aws.Tests.Contracts;

/// <summary>
/// The Firehose feed writer against a local server that checks the documented PutRecordBatch request
/// (JSON 1.1, the Firehose target, the stream name, at most 500 base64 records) and keeps what it accepted.
/// </summary>
public sealed class FirehoseFeedWriterContractTests : FeedWriterContractTests, IAsyncLifetime
{
    private const string Stream = "sg-feed";
    private readonly List<LocalHttpServer> _servers = [];
    private readonly List<AwsClientContext> _contexts = [];
    private readonly Dictionary<IFeedWriter, ConcurrentQueue<string>> _received = [];
    private readonly ConcurrentQueue<string> _wireErrors = new();

    protected override async Task<IFeedWriter> CreateWriterAsync()
    {
        var received = new ConcurrentQueue<string>();
        LocalHttpServer server = await LocalHttpServer.StartAsync(async context =>
        {
            if (context.Request.Headers["X-Amz-Target"] != "Firehose_20150804.PutRecordBatch" || context.Request.ContentType?.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal) != true)
            {
                _wireErrors.Enqueue($"{context.Request.Headers["X-Amz-Target"]} {context.Request.ContentType}");
            }

            using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body);
            if (body.RootElement.GetProperty("DeliveryStreamName").GetString() != Stream)
            {
                _wireErrors.Enqueue("DeliveryStreamName");
            }

            JsonElement records = body.RootElement.GetProperty("Records");
            if (records.GetArrayLength() is 0 or > FirehoseClient.MaxRecordsPerBatch)
            {
                _wireErrors.Enqueue("records per call: " + records.GetArrayLength());
            }

            foreach (JsonElement r in records.EnumerateArray())
            {
                received.Enqueue(Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("Data").GetString()!)));
            }

            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync($$"""{"FailedPutCount":0,"RequestResponses":[{{string.Join(',', Enumerable.Range(0, records.GetArrayLength()).Select(i => $$"""{"RecordId":"r{{i}}"}"""))}}]}""");
        }).WaitAsync(Timeout);
        _servers.Add(server);
        AwsClientContext awsContext = TestContexts.For(server.Url);
        _contexts.Add(awsContext);
        IFeedWriter writer = new FirehoseFeedWriter(new FirehoseClient(awsContext), Stream);
        _received[writer] = received;
        return writer;
    }

    /// <summary>Firehose lays out its own keys: what it holds is the records, one line each.</summary>
    protected override Task<IReadOnlyList<StoredObject>> ReadAsync(IFeedWriter writer, string output)
    {
        Assert.Empty(_wireErrors);
        Assert.All(_received[writer], record => Assert.True(record.EndsWith('\n') && record.IndexOf('\n') == record.Length - 1, "a Firehose record is one line ending in \\n"));
        return Task.FromResult<IReadOnlyList<StoredObject>>([.. _received[writer].Select(r => new StoredObject(null, r))]);
    }

    [Fact]
    public async Task Keyed_FirehoseWriter_FalseBecauseItOnlyAppends()
    {
        IFeedWriter writer = await CreateWriterAsync();

        Assert.False(writer.Keyed);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (AwsClientContext context in _contexts)
        {
            context.Dispose();
        }

        foreach (LocalHttpServer server in _servers)
        {
            await server.DisposeAsync();
        }
    }
}
