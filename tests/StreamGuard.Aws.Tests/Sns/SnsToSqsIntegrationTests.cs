using System.Text.Json.Nodes;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Aws;
using StreamGuard.Aws.Sns;

namespace StreamGuard.Aws.Tests.Sns;

[Collection(EmulatorCollection.Name)]
public sealed class SnsToSqsIntegrationTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Publish_RawSubscription_ArrivesOnQueueWithTypeAndSeverityAttributes()
    {
        using AwsClientContext context = emulators.CreateContext();
        var sns = new SnsClient(context);
        var sqs = new SqsTestClient(context);
        string topicArn = await sns.CreateTopicAsync(Name("sg-alerts-"), CancellationToken.None).WaitAsync(s_timeout);
        (string queueUrl, string queueArn) = await sqs.CreateQueueAsync(Name("sg-alerts-q-")).WaitAsync(s_timeout);
        await sns.SubscribeAsync(topicArn, "sqs", queueArn, new Dictionary<string, string> { ["RawMessageDelivery"] = "true" }, CancellationToken.None).WaitAsync(s_timeout);

        string messageId = await sns.PublishAsync(
            topicArn,
            """{"transaction_id":"t-1","score":0.97}""",
            new Dictionary<string, string> { ["type"] = "fraud", ["severity"] = "high" },
            CancellationToken.None).WaitAsync(s_timeout);
        List<JsonObject> received = await sqs.ReceiveAsync(queueUrl, 1, s_timeout);

        Assert.False(string.IsNullOrEmpty(messageId));
        JsonObject message = Assert.Single(received);
        Assert.Equal("""{"transaction_id":"t-1","score":0.97}""", message["Body"]!.GetValue<string>());
        Assert.Equal("fraud", message["MessageAttributes"]!["type"]!["StringValue"]!.GetValue<string>());
        Assert.Equal("high", message["MessageAttributes"]!["severity"]!["StringValue"]!.GetValue<string>());
        Assert.Equal("String", message["MessageAttributes"]!["severity"]!["DataType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publish_EnvelopeSubscriptionWithFilterPolicy_DeliversOnlyMatchingSeverity()
    {
        using AwsClientContext context = emulators.CreateContext();
        var sns = new SnsClient(context);
        var sqs = new SqsTestClient(context);
        string topicArn = await sns.CreateTopicAsync(Name("sg-alerts-"), CancellationToken.None).WaitAsync(s_timeout);
        (string queueUrl, string queueArn) = await sqs.CreateQueueAsync(Name("sg-high-q-")).WaitAsync(s_timeout);
        await sns.SubscribeAsync(topicArn, "sqs", queueArn, new Dictionary<string, string> { ["FilterPolicy"] = """{"severity":["high"]}""" }, CancellationToken.None).WaitAsync(s_timeout);

        await sns.PublishAsync(topicArn, "low one", new Dictionary<string, string> { ["type"] = "velocity", ["severity"] = "low" }, CancellationToken.None).WaitAsync(s_timeout);
        await sns.PublishAsync(topicArn, "high one", new Dictionary<string, string> { ["type"] = "fraud", ["severity"] = "high" }, CancellationToken.None).WaitAsync(s_timeout);
        List<JsonObject> received = await sqs.ReceiveAsync(queueUrl, 2, TimeSpan.FromSeconds(3));

        JsonObject message = Assert.Single(received);
        JsonNode envelope = JsonNode.Parse(message["Body"]!.GetValue<string>())!;
        Assert.Equal("Notification", envelope["Type"]!.GetValue<string>());
        Assert.Equal(topicArn, envelope["TopicArn"]!.GetValue<string>());
        Assert.Equal("high one", envelope["Message"]!.GetValue<string>());
        Assert.Equal("fraud", envelope["MessageAttributes"]!["type"]!["Value"]!.GetValue<string>());
        Assert.Equal("high", envelope["MessageAttributes"]!["severity"]!["Value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publish_UnknownTopic_ThrowsTypedErrorFromEmulator()
    {
        using AwsClientContext context = emulators.CreateContext();

        AwsServiceException error = await Assert.ThrowsAnyAsync<AwsServiceException>(() => new SnsClient(context)
            .PublishAsync("arn:aws:sns:us-east-1:000000000000:" + Name("missing-"), "m", null, CancellationToken.None).WaitAsync(s_timeout));

        Assert.False(error.IsRetryable);
        Assert.Equal(AwsErrorType.Sender, error.ErrorType);
    }
}
