using System.Text.Json;
using System.Text.Json.Nodes;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Aws;
using StreamGuard.Aws.Sns;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Aws.Tests.Sinks;

[Collection(EmulatorCollection.Name)]
public sealed class SnsAlertSinkTests(EmulatorFixture emulators)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WriteAsync_BatchWithAlerts_EachArrivesOnSubscribedQueueWithTypeAndSeverity()
    {
        using AwsClientContext context = emulators.CreateContext();
        var sns = new SnsClient(context);
        var sqs = new SqsTestClient(context);
        string id = Guid.NewGuid().ToString("N")[..10];
        string topicArn = await sns.CreateTopicAsync("sg-alerts-" + id, CancellationToken.None).WaitAsync(s_timeout);
        (string queueUrl, string queueArn) = await sqs.CreateQueueAsync("sg-alerts-q-" + id).WaitAsync(s_timeout);
        await sns.SubscribeAsync(topicArn, "sqs", queueArn, new Dictionary<string, string> { ["RawMessageDelivery"] = "true" }, CancellationToken.None).WaitAsync(s_timeout);
        var batch = new RecordBatch("shardId-000000000000", [new PipelineItem(new StreamRecord("1", "card", "{}"u8.ToArray(), DateTimeOffset.UtcNow))]);
        batch.Alerts.Add(Alert("a-1", AlertTypes.FraudSuspected, "high"));
        batch.Alerts.Add(Alert("a-2", AlertTypes.BudgetThreshold, "low"));
        await using var sink = new SnsAlertSink(sns, topicArn);

        await sink.WriteAsync(batch, CancellationToken.None).WaitAsync(s_timeout);
        List<JsonObject> received = await sqs.ReceiveAsync(queueUrl, 2, s_timeout);

        Assert.Equal(2, received.Count);
        var byId = received.ToDictionary(m => JsonDocument.Parse(m["Body"]!.GetValue<string>()).RootElement.GetProperty("alert_id").GetString()!);
        Assert.Equal(AlertTypes.FraudSuspected, byId["a-1"]["MessageAttributes"]!["type"]!["StringValue"]!.GetValue<string>());
        Assert.Equal("high", byId["a-1"]["MessageAttributes"]!["severity"]!["StringValue"]!.GetValue<string>());
        Assert.Equal(AlertTypes.BudgetThreshold, byId["a-2"]["MessageAttributes"]!["type"]!["StringValue"]!.GetValue<string>());
        Assert.Equal("low", byId["a-2"]["MessageAttributes"]!["severity"]!["StringValue"]!.GetValue<string>());
    }

    private static Alert Alert(string id, string type, string severity) => new()
    {
        AlertId = id,
        Type = type,
        Severity = severity,
        EventTime = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero),
        TransactionId = "t-" + id,
        Message = "test alert " + id,
    };
}
