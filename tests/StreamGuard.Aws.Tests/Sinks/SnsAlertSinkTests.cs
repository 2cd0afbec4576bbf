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

    [Fact]
    public async Task WriteAsync_AlertOfAPersonAloneInTheirClass_CutToDayAndTenDollarsWithoutWords()
    {
        using AwsClientContext context = emulators.CreateContext();
        var sns = new SnsClient(context);
        var sqs = new SqsTestClient(context);
        string id = Guid.NewGuid().ToString("N")[..10];
        string topicArn = await sns.CreateTopicAsync("sg-alerts-k-" + id, CancellationToken.None).WaitAsync(s_timeout);
        (string queueUrl, string queueArn) = await sqs.CreateQueueAsync("sg-alerts-k-q-" + id).WaitAsync(s_timeout);
        await sns.SubscribeAsync(topicArn, "sqs", queueArn, new Dictionary<string, string> { ["RawMessageDelivery"] = "true" }, CancellationToken.None).WaitAsync(s_timeout);
        // Three people in their forties in NY, one person in their seventies in VT: with k = 3 only the first class is big enough.
        var items = new List<PipelineItem>();
        foreach ((string tx, string customer, string age, string state) in new[] { ("t-crowd", "cust_a", "40-49", "NY"), ("t-2", "cust_b", "40-49", "NY"), ("t-3", "cust_c", "40-49", "NY"), ("t-alone", "cust_d", "70-79", "VT") })
        {
            items.Add(new PipelineItem(new StreamRecord(tx, "p", "{}"u8.ToArray(), DateTimeOffset.UtcNow))
            {
                Output = new EnrichedTransaction { TransactionId = tx, CustomerId = customer, CardId = "card_" + customer, EventTime = s_at, Amount = 123.45m, Merchant = "m", AgeBand = age, HomeState = state },
            });
        }

        var batch = new RecordBatch("shardId-000000000000", items);
        batch.Alerts.Add(Alert("crowd", AlertTypes.FraudSuspected, "high") with { TransactionId = "t-crowd", Amount = 123.45m, Message = "Spent $123.45 at 09:41:07" });
        batch.Alerts.Add(Alert("alone", AlertTypes.FraudSuspected, "high") with { TransactionId = "t-alone", Amount = 123.45m, Message = "Spent $123.45 at 09:41:07" });
        await using var sink = new SnsAlertSink(sns, topicArn, new StreamGuard.Privacy.KAnonymityGate(k: 3));

        await sink.WriteAsync(batch, CancellationToken.None).WaitAsync(s_timeout);
        List<JsonObject> received = await sqs.ReceiveAsync(queueUrl, 2, s_timeout);

        var byId = received.Select(m => JsonDocument.Parse(m["Body"]!.GetValue<string>()).RootElement).ToDictionary(b => b.GetProperty("alert_id").GetString()!);
        // In a class of three: the hour and whole dollars, words coarsened the same way.
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), byId["crowd"].GetProperty("event_time").GetDateTimeOffset());
        Assert.Equal(123m, byId["crowd"].GetProperty("amount").GetDecimal());
        Assert.Equal("Spent $123 at 09:00", byId["crowd"].GetProperty("message").GetString());
        // Alone in their class: the day, $10, and no words that would single the person out.
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), byId["alone"].GetProperty("event_time").GetDateTimeOffset());
        Assert.Equal(120m, byId["alone"].GetProperty("amount").GetDecimal());
        Assert.Equal("fraud_suspected (high)", byId["alone"].GetProperty("message").GetString());
        Assert.Equal(1, sink.Gate.SuppressedAlerts);
    }

    private static readonly DateTimeOffset s_at = new(2026, 11, 20, 9, 41, 7, TimeSpan.Zero);

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
