using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Http;
using StreamGuard.Core.Model;
using StreamGuard.Tests.Shared.Support;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>The AWS requests one worker sends per 1,000 transactions, per service and operation (the input of docs/aws.md's cost table).</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AwsRequestCostTests(EmulatorFixture emulators, ITestOutputHelper output)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task OneWorker_ThreeThousandTransactions_CountsRequestsOfEveryServicePerThousand()
    {
        const int Events = 3_000;
        using var metrics = new AwsClientMetrics();
        var counts = new ConcurrentDictionary<(string Service, string Operation), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter instance: other tests' clients count into the shared one.
            if (instrument.Meter.Name == AwsClientMetrics.MeterName && instrument.Name == "streamguard.aws.requests" && metrics.Owns(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string service = "?", operation = "?";
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "service")
                {
                    service = tag.Value as string ?? "?";
                }
                else if (tag.Key == "operation")
                {
                    operation = tag.Value as string ?? "?";
                }
            }

            counts.AddOrUpdate((service, operation), value, (_, v) => v + value);
        });
        listener.Start();

        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2), metrics: metrics);
        await system.CreateAsync(shards: 1);
        List<TransactionEvent> events = TestEvents.Create(Events, system.RunId, cards: 400);
        await system.ReplayAsync(events);
        var before = new Dictionary<(string Service, string Operation), long>(counts);

        RunningWorker worker = system.Start("worker-cost");
        await Eventually.WaitAsync(
            () =>
            {
                worker.ThrowIfFailed();
                return system.Processed >= Events;
            },
            s_deadline,
            () => $"processed {system.Processed} of {Events}");
        Assert.Equal(Events, await system.CountTransactionsAsync().WaitAsync(AwsSystem.Timeout));
        var used = counts.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));

        foreach (((string service, string operation), long n) in used.Where(u => u.Value > 0).OrderBy(u => u.Key.Service, StringComparer.Ordinal).ThenBy(u => u.Key.Operation, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{service,-9} {operation,-16} {n,8} requests  {n * 1000.0 / Events,9:0.0} per 1,000 transactions"));
        }

        double dynamoWrites = Sum(used, "dynamodb", "UpdateItem", "PutItem", "BatchWriteItem", "DeleteItem");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DynamoDB write requests per transaction: {dynamoWrites / Events:0.00}"));

        // Loose sanity bounds only: every sink of the worker was reached, and nothing is sent per record where batches exist.
        Assert.True(Sum(used, "kinesis", "GetRecords") > 0, "no GetRecords counted");
        Assert.True(Sum(used, "dynamodb", "UpdateItem") > 0, "no counter UpdateItem counted");
        Assert.True(Sum(used, "dynamodb", "BatchWriteItem") > 0, "no BatchWriteItem counted");
        Assert.True(Sum(used, "s3", "PUT object") > 0, "no S3 PUT counted");
        Assert.True(Sum(used, "s3", "PUT object") < Events / 10.0, "S3 PUTs are not amortised over batches");
        Assert.True(Sum(used, "dynamodb", "BatchWriteItem") < Events / 10.0, "transaction items are not batched");
    }

    private static double Sum(Dictionary<(string Service, string Operation), long> used, string service, params string[] operations) =>
        used.Where(u => u.Key.Service == service && operations.Contains(u.Key.Operation, StringComparer.Ordinal)).Sum(u => u.Value);
}
