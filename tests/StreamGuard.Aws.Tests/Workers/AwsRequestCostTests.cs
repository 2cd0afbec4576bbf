using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Amazon.S3.Model;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Http;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Producer.Generation;
using StreamGuard.Tests.Shared.Support;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>The AWS requests one worker sends per 1,000 transactions, per service and operation (the input of docs/aws.md's cost table).</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AwsRequestCostTests(EmulatorFixture emulators, ITestOutputHelper output)
{
    /// <summary>A Sparkov CSV to measure instead of the generated rows (e.g. /work/shared/data/sparkov/fraudTest_head5116.csv); its first 5,000 rows are used.</summary>
    public const string SparkovFileVariable = "STREAMGUARD_COST_SPARKOV_CSV";

    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task OneWorker_ThreeThousandTransactions_CountsRequestsOfEveryServicePerThousand()
    {
        using var metrics = new AwsClientMetrics();
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2), metrics: metrics);
        (Dictionary<(string Service, string Operation), long> used, _) = await MeasureAsync(system, TestEvents.Create(3_000, system.RunId, cards: 400));

        // Loose sanity bounds only: every sink of the worker was reached, and nothing is sent per record where batches exist.
        Assert.True(Sum(used, "kinesis", "GetRecords") > 0, "no GetRecords counted");
        Assert.True(Sum(used, "dynamodb", "UpdateItem") > 0, "no counter UpdateItem counted");
        Assert.True(Sum(used, "dynamodb", "BatchWriteItem") > 0, "no BatchWriteItem counted");
        Assert.True(Sum(used, "s3", "PUT object") > 0, "no S3 PUT counted");
        Assert.True(Sum(used, "s3", "PUT object") < 3_000 / 10.0, "S3 PUTs are not amortised over batches");
        Assert.True(Sum(used, "dynamodb", "BatchWriteItem") < 3_000 / 10.0, "transaction items are not batched");
    }

    /// <summary>
    /// Issue #15's goal on Sparkov-like rows (event times spread out, so minute and customer-day keys are
    /// nearly all distinct within a batch) read at the default batch size: at most 1.5 DynamoDB write
    /// requests per transaction.
    /// </summary>
    [Fact]
    public async Task OneWorker_FiveThousandSparkovRows_AtMostOneAndAHalfDynamoDbWritesPerTransaction()
    {
        const int Events = 5_000;
        List<TransactionEvent> events = SparkovRows(Events);
        using var metrics = new AwsClientMetrics();
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2), configure: o => o.Pipeline.RecordsPerRead = 2_000, metrics: metrics);
        (Dictionary<(string Service, string Operation), long> used, Dictionary<string, double> units) = await MeasureAsync(system, events);

        double writes = Sum(used, "dynamodb", "UpdateItem", "PutItem", "BatchWriteItem", "DeleteItem") / Events;
        Assert.True(units.GetValueOrDefault("write") > 0, "DynamoDB reported no consumed write capacity");
        Assert.True(writes <= 1.5, string.Create(CultureInfo.InvariantCulture, $"{writes:0.00} DynamoDB write requests per transaction, goal 1.5"));
        // The feeds are partitioned by event hour, so a batch of old rows spanning a day writes one object per hour and output:
        // still tens of transactions per PUT, never one PUT per transaction.
        Assert.True(Sum(used, "s3", "PUT object") < Events / 20.0, "S3 PUTs are not amortised over batches");
    }

    // Rows from the Producer's generator with Sparkov's density (about 900 cards and 4,000 transactions a day,
    // as in Sparkov's fraudTest.csv), or the first rows of the Sparkov file the environment names.
    private List<TransactionEvent> SparkovRows(int count)
    {
        string? path = Environment.GetEnvironmentVariable(SparkovFileVariable);
        List<TransactionEvent> events;
        if (!string.IsNullOrWhiteSpace(path))
        {
            using var file = new StreamReader(path);
            events = [.. new SparkovCsvReader(Path.GetFileName(path)).Read(file).Select(o => o.Event).OfType<TransactionEvent>().Take(count)];
            output.WriteLine($"rows from {path}");
        }
        else
        {
            var text = new StringWriter(CultureInfo.InvariantCulture);
            using (var writer = new SparkovCsvWriter(text))
            {
                foreach (GeneratedTransaction t in new TransactionGenerator(new GeneratorOptions(900, 30, 15, new DateOnly(2024, 3, 1))).Generate().Take(count))
                {
                    writer.Write(t);
                }
            }

            events = [.. new SparkovCsvReader("generated").Read(new StringReader(text.ToString())).Select(o => o.Event).OfType<TransactionEvent>()];
        }

        Assert.Equal(count, events.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{events.Count} rows, {events.Select(e => e.AccountId).Distinct().Count()} cards, {events.Select(e => e.EventTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)).Distinct().Count()} distinct minutes, {(events.Max(e => e.EventTime) - events.Min(e => e.EventTime)).TotalHours:0.0} hours of event time"));
        return events;
    }

    // Replays the events, runs one worker over them and returns the requests (and DynamoDB capacity units) it sent, printed per 1,000 transactions.
    private async Task<(Dictionary<(string Service, string Operation), long> Used, Dictionary<string, double> Units)> MeasureAsync(AwsSystem system, List<TransactionEvent> events)
    {
        AwsClientMetrics metrics = system.Context.Metrics;
        var counts = new ConcurrentDictionary<(string Service, string Operation), long>();
        var units = new ConcurrentDictionary<(string Operation, string Kind, string Table), double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter instance: other tests' clients count into the shared one.
            if (instrument.Meter.Name == AwsClientMetrics.MeterName && instrument.Name is "streamguard.aws.requests" or "streamguard.aws.capacity_units" && metrics.Owns(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            counts.AddOrUpdate((Tag(tags, "service"), Tag(tags, "operation")), value, (_, v) => v + value);
        });
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            // The table's role without the run id: sg-tx-<id> -> tx.
            string table = Tag(tags, "table");
            string role = table.StartsWith("sg-", StringComparison.Ordinal) && table.LastIndexOf('-') > 3 ? table[3..table.LastIndexOf('-')] : table;
            units.AddOrUpdate((Tag(tags, "operation"), Tag(tags, "kind"), role), value, (_, v) => v + value);
        });
        listener.Start();

        await system.CreateAsync(shards: 1);
        await system.ReplayAsync(events);
        var before = new Dictionary<(string Service, string Operation), long>(counts);
        var unitsBefore = new Dictionary<(string Operation, string Kind, string Table), double>(units);

        RunningWorker worker = system.Start("worker-cost");
        await Eventually.WaitAsync(
            () =>
            {
                worker.ThrowIfFailed();
                return system.Processed >= events.Count;
            },
            s_deadline,
            () => $"processed {system.Processed} of {events.Count}");
        Assert.Equal(events.Count, await system.CountTransactionsAsync().WaitAsync(AwsSystem.Timeout));
        var used = counts.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));
        var consumed = units.ToDictionary(c => c.Key, c => c.Value - unitsBefore.GetValueOrDefault(c.Key));

        foreach (((string service, string operation), long n) in used.Where(u => u.Value > 0).OrderBy(u => u.Key.Service, StringComparer.Ordinal).ThenBy(u => u.Key.Operation, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{service,-9} {operation,-16} {n,8} requests  {n * 1000.0 / events.Count,9:0.0} per 1,000 transactions"));
        }

        foreach (((string operation, string kind, string table), double u) in consumed.Where(u => u.Value > 0).OrderBy(u => u.Key.Operation, StringComparer.Ordinal).ThenBy(u => u.Key.Table, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dynamodb  {operation,-16} {table,-10} {u,8:0.0} {kind} units {u * 1000.0 / events.Count,9:0.0} per 1,000 transactions"));
        }

        // What the S3 PUTs wrote: objects by their key's first two levels.
        var objects = new List<string>();
        string? token = null;
        do
        {
            ListObjectsV2Response listed = await system.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = system.Options.Sinks.ArchiveBucket, ContinuationToken = token }).WaitAsync(AwsSystem.Timeout);
            objects.AddRange((listed.S3Objects ?? []).Select(o => string.Join('/', o.Key.Split('/').Take(2))));
            token = listed.IsTruncated == true ? listed.NextContinuationToken : null;
        }
        while (token is not null);
        foreach (IGrouping<string, string> prefix in objects.GroupBy(o => o, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"s3 objects {prefix.Key}/...: {prefix.Count()}"));
        }

        double dynamoWrites = Sum(used, "dynamodb", "UpdateItem", "PutItem", "BatchWriteItem", "DeleteItem");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DynamoDB write requests per transaction: {dynamoWrites / events.Count:0.00}; write units per transaction (sink): {consumed.Where(c => c.Key.Kind == "write").Sum(c => c.Value) / events.Count:0.00}"));
        return (used, consumed.GroupBy(c => c.Key.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal));
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string ?? "?";
            }
        }

        return "?";
    }

    private static double Sum(Dictionary<(string Service, string Operation), long> used, string service, params string[] operations) =>
        used.Where(u => u.Key.Service == service && operations.Contains(u.Key.Operation, StringComparer.Ordinal)).Sum(u => u.Value);
}
