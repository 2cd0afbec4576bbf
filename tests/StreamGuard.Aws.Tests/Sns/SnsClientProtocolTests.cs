using Microsoft.AspNetCore.Http;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Aws;
using StreamGuard.Aws.Sns;

namespace StreamGuard.Aws.Tests.Sns;

/// <summary>The Query protocol on the wire: the form body SnsClient sends and the XML errors it parses.</summary>
public sealed class SnsClientProtocolTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Publish_WithAttributes_SendsDocumentedFormBody()
    {
        IFormCollection? form = null;
        string? contentType = null;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            contentType = http.Request.ContentType;
            form = await http.Request.ReadFormAsync();
            http.Response.ContentType = "text/xml";
            await http.Response.WriteAsync("""
                <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
                  <ResponseMetadata><RequestId>f187a3c1</RequestId></ResponseMetadata>
                </PublishResponse>
                """);
        });
        using AwsClientContext context = TestContexts.For(server.Url);

        string id = await new SnsClient(context).PublishAsync(
            "arn:aws:sns:us-east-1:123456789012:alerts",
            "{\"score\":0.97} & more",
            new Dictionary<string, string> { ["type"] = "fraud", ["severity"] = "high" },
            CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal("94f20ce6-13c5-43a0-9a9e-ca52d816e90b", id);
        Assert.StartsWith("application/x-www-form-urlencoded", contentType, StringComparison.Ordinal);
        Assert.NotNull(form);
        Assert.Equal("Publish", form["Action"]);
        Assert.Equal("2010-03-31", form["Version"]);
        Assert.Equal("arn:aws:sns:us-east-1:123456789012:alerts", form["TopicArn"]);
        Assert.Equal("{\"score\":0.97} & more", form["Message"]);
        Assert.Equal("type", form["MessageAttributes.entry.1.Name"]);
        Assert.Equal("String", form["MessageAttributes.entry.1.Value.DataType"]);
        Assert.Equal("fraud", form["MessageAttributes.entry.1.Value.StringValue"]);
        Assert.Equal("severity", form["MessageAttributes.entry.2.Name"]);
        Assert.Equal("high", form["MessageAttributes.entry.2.Value.StringValue"]);
    }

    [Fact]
    public async Task Publish_TopicMissing_ThrowsResourceNotFoundFromXmlError()
    {
        int calls = 0;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            Interlocked.Increment(ref calls);
            http.Response.StatusCode = 404;
            http.Response.ContentType = "text/xml";
            await http.Response.WriteAsync("""
                <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>
                  <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
                </ErrorResponse>
                """);
        });
        using AwsClientContext context = TestContexts.For(server.Url);

        ResourceNotFoundException error = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            new SnsClient(context).PublishAsync("arn:aws:sns:us-east-1:123456789012:nope", "m", null, CancellationToken.None).WaitAsync(s_timeout));

        Assert.Equal(1, calls);
        Assert.Equal("NotFound", error.ErrorCode);
        Assert.Equal(AwsErrorType.Sender, error.ErrorType);
        Assert.Equal("9dd01905-5012-5f99-8663-4b3ecd0dfaef", error.RequestId);
        Assert.Contains("Topic does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Throttled_RetriesThenSucceeds()
    {
        int calls = 0;
        await using LocalHttpServer server = await LocalHttpServer.StartAsync(async http =>
        {
            http.Response.ContentType = "text/xml";
            if (Interlocked.Increment(ref calls) == 1)
            {
                http.Response.StatusCode = 400;
                await http.Response.WriteAsync("<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>");
                return;
            }

            await http.Response.WriteAsync("<PublishResponse><PublishResult><MessageId>m-2</MessageId></PublishResult></PublishResponse>");
        });
        using AwsClientContext context = TestContexts.For(server.Url);

        string id = await new SnsClient(context).PublishAsync("arn:aws:sns:us-east-1:1:t", "m", null, CancellationToken.None).WaitAsync(s_timeout);

        Assert.Equal("m-2", id);
        Assert.Equal(2, calls);
    }
}
