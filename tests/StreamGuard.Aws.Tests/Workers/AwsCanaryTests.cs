using StreamGuard.Tests.Shared.Support;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Support;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Aws.Sns;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Runtime.Sinks.Live;
using StreamGuard.Pipeline.State;
using StreamGuard.Tests.Shared.Privacy;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>
/// The canary data set through a whole aws-mode worker on the emulators (the embedded-mode scan is
/// CanaryPipelineTests): every S3 object, every DynamoDB item of every table the system made, every
/// SNS message delivered to a subscribed SQS queue and every log line at Trace level is searched
/// for the canary values and for full card numbers.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AwsCanaryTests(EmulatorFixture emulators, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-aws-canary-").FullName;

    [Fact]
    public async Task ConsumeWorker_CanaryDataSet_NoCanaryNorFullCardNumberInS3DynamoDbSnsOrLog()
    {
        var data = new CanaryDataSet(Path.Combine(_dir, "canary.csv"), customers: 40, days: 6, seed: 3);
        List<string> tablesBefore = await ListTablesAsync(emulators);
        var logs = new CapturingLoggerProvider();
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2), live: true, loggers: loggers, configure: o =>
        {
            // Small groups released so the report carries lines; the default k would suppress most of 40 customers' categories.
            o.Privacy.Differential.MinGroupSize = 2;
            o.Privacy.Differential.AllowedLateness = TimeSpan.FromHours(1);
            // More alerts than the default 1% so the SNS path carries a few dozen messages to scan.
            o.Scoring.AlertBudget = 0.05;
            // Learned state saved to S3 often, so the scan covers it too.
            o.State = new StateCheckpointOptions { Interval = TimeSpan.FromMilliseconds(200) };
        });
        using var sqsContext = emulators.CreateContext();
        var sns = new SnsClient(sqsContext);
        var sqs = new SqsTestClient(sqsContext);
        string topicArn = await sns.CreateTopicAsync("sg-canary-alerts-" + system.RunId, CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        (string queueUrl, string queueArn) = await sqs.CreateQueueAsync("sg-canary-q-" + system.RunId).WaitAsync(AwsSystem.Timeout);
        await sns.SubscribeAsync(topicArn, "sqs", queueArn, new Dictionary<string, string>(), CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        system.Options.Sinks.AlertTopicArn = topicArn;
        await system.CreateAsync(shards: 2);

        // The readable rows as the replay command sends them; the unreadable ones raw, as a broken producer would.
        var events = new List<TransactionEvent>();
        foreach (ReadOutcome outcome in TransactionFileReader.Read(data.Path))
        {
            if (outcome.Event is { } e)
            {
                events.Add(e);
            }
        }

        await system.ReplayAsync(events);
        string[] badRows = File.ReadLines(data.Path).TakeLast(CanaryDataSet.BadRows).ToArray();
        PutRecordsResult put = await system.Kinesis.PutRecordsAsync(badRows.Select(r => new PutRecordEntry(r[..12], Encoding.UTF8.GetBytes(r))).ToArray(), CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        Assert.All(put.Records, r => Assert.Null(r.ErrorCode));

        // The live stream is an exit too: tail it as the dashboard would, and scan every update.
        var dashboard = new LiveFeed(capacityPerWatcher: 100_000);
        using var stopTail = new CancellationTokenSource();
        System.Threading.Channels.ChannelReader<LiveUpdate> shown = dashboard.Subscribe(stopTail.Token);
        var tail = new LiveStreamTail(new KinesisClient(system.Context, system.Options.Sinks.LiveStreamName!), dashboard, fromStart: true, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Task tailing = tail.RunAsync(stopTail.Token);

        RunningWorker worker = system.Start("canary-worker");
        await Eventually.WaitAsync(
            () => worker.Worker.Pipeline.Counters.Processed + worker.Worker.Pipeline.Counters.DeadLettered >= events.Count + badRows.Length,
            s_deadline,
            () => $"processed {worker.Worker.Pipeline.Counters.Processed} + dead-lettered {worker.Worker.Pipeline.Counters.DeadLettered} of {events.Count} + {badRows.Length}");
        worker.ThrowIfFailed();
        await worker.KillAsync();
        long alerts = worker.Worker.Pipeline.Counters.Alerts;
        List<JsonObject> messages = await sqs.ReceiveAsync(queueUrl, (int)alerts, s_deadline);

        Assert.Equal(events.Count, worker.Worker.Pipeline.Counters.Processed);
        Assert.Equal(badRows.Length, worker.Worker.Pipeline.Counters.DeadLettered);
        Assert.True(worker.Worker.PrivateReport.ReleasedThisRun > 0, "no window was released: the report and ledger were not exercised");
        Assert.True(alerts > 0, "no alert was raised: the SNS scan would be empty");
        Assert.Equal(alerts, messages.Count);

        var scanner = new CanaryScanner(data);
        // The scan does find canaries where they are: the input itself fails it.
        Assert.ThrowsAny<Exception>(() => new CanaryScanner(data).AssertClean("input", File.ReadAllText(data.Path)));
        Dictionary<string, string> objects = await ReadAllObjectsAsync(system);
        Assert.Contains(objects.Keys, k => k.StartsWith("archive/", StringComparison.Ordinal));
        Assert.Contains(objects.Keys, k => k.StartsWith(FeedOutputs.DeadLetters + "/", StringComparison.Ordinal));
        Assert.Contains(objects.Keys, k => k.StartsWith(system.Options.Sinks.ReportPrefix, StringComparison.Ordinal));
        Assert.Contains(objects.Keys, k => k.StartsWith(system.Options.Sinks.PrivacyLedgerPrefix, StringComparison.Ordinal));
        Assert.Contains(objects.Keys, k => k.StartsWith("state/", StringComparison.Ordinal));
        foreach ((string key, string text) in objects)
        {
            scanner.AssertClean("s3://" + key, text);
        }

        // The report feed holds DP releases only; the ledger in S3 pays for each of them.
        string[] reportLines = objects.Where(o => o.Key.StartsWith(system.Options.Sinks.ReportPrefix, StringComparison.Ordinal)).SelectMany(o => o.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        CategoryRelease[] released = reportLines.Select(l => JsonSerializer.Deserialize(l, PrivacyJsonContext.Default.CategoryRelease)!).ToArray();
        Assert.All(reportLines, l => Assert.DoesNotContain("cust_", l, StringComparison.Ordinal));
        var reread = new PrivacyBudgetLedger(new S3PrivacyLedgerStore(system.S3, system.Options.Sinks.ArchiveBucket, system.Options.Sinks.PrivacyLedgerPrefix));
        await reread.EnsureLoadedAsync(CancellationToken.None).WaitAsync(AwsSystem.Timeout);
        PrivacyLedgerEntry[] windowEntries = reread.Entries.Where(e => e.Query != "continual").ToArray();
        Assert.Equal(worker.Worker.PrivateReport.ReleasedThisRun, windowEntries.Select(e => e.ReleaseId).Distinct().Count());
        Assert.Equal(worker.Worker.PrivateReport.ReleasedThisRun * 0.25, windowEntries.Sum(e => e.Epsilon), 9);
        Assert.All(reread.Entries, e => Assert.DoesNotContain("cust_", e.ReleaseId, StringComparison.Ordinal));

        // Every live-stream update: counts, alerts and the DP population release only, and clean.
        List<LiveUpdate> updates = await LiveUpdates.ReadUntilProcessedAsync(shown, events.Count, s_deadline);
        await stopTail.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tailing.WaitAsync(AwsSystem.Timeout));
        Assert.All(updates, u => Assert.Empty(u.Recent));
        Assert.All(updates, u => Assert.Empty(u.CategoryDays));
        Assert.Contains(updates, u => u.Population is not null);
        foreach (LiveUpdate update in updates)
        {
            scanner.AssertClean("live stream update", JsonSerializer.Serialize(update, LiveStreamJsonContext.Default.LiveUpdate));
        }
        Assert.All(released, r => Assert.True(reread.HasReleased(r.ReleaseId), $"release {r.ReleaseId} not in the ledger"));

        int items = 0;
        List<string> tables = (await ListTablesAsync(emulators)).Except(tablesBefore).ToList();
        // Transactions, profiles, aggregates, insights, the lease table, the DP releases table and the shared models' pointer table: every one is scanned below.
        Assert.Equal(7, tables.Count(t => t.Contains(system.RunId, StringComparison.Ordinal)));
        foreach (string table in tables)
        {
            foreach (Dictionary<string, AttributeValue> item in await system.ScanAsync(table))
            {
                items++;
                scanner.AssertClean($"DynamoDB {table} item", ItemText(item));
            }
        }

        foreach (JsonObject message in messages)
        {
            scanner.AssertClean("SNS message via SQS", message.ToJsonString());
        }

        Assert.NotEmpty(logs.Lines);
        scanner.AssertClean("log", string.Join('\n', logs.Lines));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{events.Count} canary transactions + {badRows.Length} raw bad records: scanned {objects.Count} S3 objects, {items} DynamoDB items in {tables.Count} tables, {messages.Count} SNS messages, {logs.Lines.Count} log lines ({scanner.Characters:N0} characters); {released.Length} released category lines in {reread.Releases} releases"));
    }

    /// <summary>Every table on the DynamoDB emulator (all pages).</summary>
    internal static async Task<List<string>> ListTablesAsync(EmulatorFixture emulators)
    {
        using var dynamo = emulators.CreateDynamoDbClient();
        var names = new List<string>();
        string? start = null;
        do
        {
            ListTablesResponse page = await dynamo.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start }).WaitAsync(AwsSystem.Timeout);
            names.AddRange(page.TableNames ?? []);
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);

        return names;
    }

    /// <summary>Every object in the bucket, whatever its prefix, as text (gzip objects unpacked).</summary>
    internal static async Task<Dictionary<string, string>> ReadAllObjectsAsync(AwsSystem system)
    {
        var objects = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            ListObjectsV2Response listed = await system.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = system.Options.Sinks.ArchiveBucket, ContinuationToken = token }).WaitAsync(AwsSystem.Timeout);
            foreach (S3Object o in listed.S3Objects ?? [])
            {
                using GetObjectResponse got = await system.S3.GetObjectAsync(system.Options.Sinks.ArchiveBucket, o.Key).WaitAsync(AwsSystem.Timeout);
                using var body = new MemoryStream();
                await got.ResponseStream.CopyToAsync(body).WaitAsync(AwsSystem.Timeout);
                byte[] bytes = body.ToArray();
                if (bytes is [0x1f, 0x8b, ..])
                {
                    using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                    using var unpacked = new MemoryStream();
                    await gzip.CopyToAsync(unpacked).WaitAsync(AwsSystem.Timeout);
                    bytes = unpacked.ToArray();
                }

                objects[o.Key] = Encoding.Latin1.GetString(bytes);
            }

            token = listed.IsTruncated == true ? listed.NextContinuationToken : null;
        }
        while (token is not null);

        return objects;
    }

    /// <summary>An item's names and values (binary values as Latin-1, so sealed bytes are searched too).</summary>
    internal static string ItemText(Dictionary<string, AttributeValue> item)
    {
        var text = new StringBuilder();
        foreach ((string name, AttributeValue value) in item)
        {
            text.Append(name).Append('=').Append(value.S).Append(value.N);
            if (value.B is { } b)
            {
                text.Append(Encoding.Latin1.GetString(b.ToArray()));
            }

            foreach (string s in value.SS ?? [])
            {
                text.Append(' ').Append(s);
            }

            foreach (string n in value.NS ?? [])
            {
                text.Append(' ').Append(n);
            }

            if (value.M is { Count: > 0 } m)
            {
                text.Append(ItemText(m));
            }

            foreach (AttributeValue element in value.L ?? [])
            {
                text.Append(ItemText(new Dictionary<string, AttributeValue> { ["-"] = element }));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
