using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Kinesis;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Live;
using StreamGuard.Tests.Shared.Privacy;
using StreamGuard.Tests.Shared.Support;
using Xunit.Abstractions;

namespace StreamGuard.Aws.Tests.Workers;

/// <summary>
/// Plaid data through a whole aws-mode worker on the emulators: payee names planted in the bank's
/// description (`name`) and in counterparties that are not merchants, the Item id and every source
/// transaction id are searched for in every S3 object, every DynamoDB item of the system's tables,
/// every update of the live stream and every log line. (Plaid's own `merchant_name` is published as the
/// merchant by design: docs/privacy.md.)
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class AwsPlaidCanaryTests(EmulatorFixture emulators, ITestOutputHelper output)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);
    private static readonly string[] s_payees = ["Zebedee Quuxworth", "Ottoline Fairweather-Canary"];

    private static JsonObject Tx(string id, string account, decimal amount, int day, string name, JsonArray? counterparties = null) => new()
    {
        ["transaction_id"] = id,
        ["account_id"] = account,
        ["amount"] = amount,
        ["iso_currency_code"] = "USD",
        ["date"] = new DateOnly(2024, 3, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["name"] = name,
        ["merchant_name"] = null,
        ["counterparties"] = counterparties ?? [],
        ["personal_finance_category"] = new JsonObject { ["primary"] = "TRANSFER_OUT", ["detailed"] = "TRANSFER_OUT_ACCOUNT_TRANSFER" },
    };

    private static JsonObject Counterparty(string name, string type) => new() { ["name"] = name, ["type"] = type };

    [Fact]
    public async Task ConsumeWorker_PlaidPayeeNames_NoPayeeItemNorSourceIdInS3DynamoDbLiveStreamOrLog()
    {
        var added = new JsonArray();
        var sourceIds = new List<string>();
        for (int i = 0; i < 90; i++)
        {
            string id = "plaid-src-" + i.ToString("000", CultureInfo.InvariantCulture);
            sourceIds.Add(id);
            string payee = s_payees[i % 2];
            added.Add((i % 3) switch
            {
                0 => Tx(id, "acct-checking", 40m + i, 1 + (i % 20), "ZELLE PAYMENT TO " + payee.ToUpperInvariant()),
                1 => Tx(id, "acct-credit", 25m + i, 1 + (i % 20), "Venmo " + payee, [Counterparty("Venmo", "payment_app"), Counterparty(payee, "income_source")]),
                _ => Tx(id, "acct-credit", 5m + i, 1 + (i % 20), "POS UBER 0630 " + payee, [Counterparty("Uber", "merchant")]),
            });
        }

        JsonObject file = new() { ["item"] = new JsonObject { ["item_id"] = "item-canary-aws" }, ["added"] = added };
        List<TransactionEvent> events = [.. new PlaidJsonReader("item.json").Read(new MemoryStream(Encoding.UTF8.GetBytes(file.ToJsonString())))
            .Select(o => o.Event ?? throw new InvalidOperationException(o.DeadLetter!.Reason))];
        string[] canaries = [.. s_payees, .. s_payees.SelectMany(p => p.Split(' ')), "item-canary-aws", .. sourceIds];

        var logs = new CapturingLoggerProvider();
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2), live: true, loggers: loggers, configure: o => o.Privacy.Differential.MinGroupSize = 1);
        await system.CreateAsync(shards: 2);
        await system.ReplayAsync(events);

        var dashboard = new LiveFeed(capacityPerWatcher: 100_000);
        using var stopTail = new CancellationTokenSource();
        System.Threading.Channels.ChannelReader<LiveUpdate> shown = dashboard.Subscribe(stopTail.Token);
        var tail = new LiveStreamTail(new KinesisClient(system.Context, system.Options.Sinks.LiveStreamName!), dashboard, fromStart: true, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Task tailing = tail.RunAsync(stopTail.Token);

        RunningWorker worker = system.Start("plaid-worker");
        await Eventually.WaitAsync(
            () => worker.Worker.Pipeline.Counters.Processed + worker.Worker.Pipeline.Counters.DeadLettered >= events.Count,
            s_deadline,
            () => $"processed {worker.Worker.Pipeline.Counters.Processed} of {events.Count}");
        worker.ThrowIfFailed();
        await worker.KillAsync();
        Assert.Equal(events.Count, worker.Worker.Pipeline.Counters.Processed);

        List<LiveUpdate> updates = await LiveUpdates.ReadUntilProcessedAsync(shown, events.Count, s_deadline);
        await stopTail.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tailing.WaitAsync(AwsSystem.Timeout));

        var outputs = new List<(string Name, string Text)>();
        Dictionary<string, string> objects = await AwsCanaryTests.ReadAllObjectsAsync(system);
        Assert.Contains(objects.Keys, k => k.StartsWith("archive/", StringComparison.Ordinal));
        outputs.AddRange(objects.Select(o => ("s3://" + o.Key, o.Value)));
        foreach (string table in (await AwsCanaryTests.ListTablesAsync(emulators)).Where(n => n.Contains(system.RunId, StringComparison.Ordinal)))
        {
            outputs.AddRange((await system.ScanAsync(table)).Select(item => ($"DynamoDB {table} item", AwsCanaryTests.ItemText(item))));
        }

        outputs.AddRange(updates.Select(u => ("live stream update", JsonSerializer.Serialize(u, LiveStreamJsonContext.Default.LiveUpdate))));
        outputs.Add(("log", string.Join('\n', logs.Lines)));
        // The scan looks where the data is: the merchant that is allowed through is there.
        Assert.Contains(outputs, o => o.Text.Contains("Uber", StringComparison.Ordinal));
        foreach ((string name, string text) in outputs)
        {
            foreach (string canary in canaries)
            {
                Assert.False(text.Contains(canary, StringComparison.OrdinalIgnoreCase), $"{canary} found in {name}");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{events.Count} Plaid transactions: scanned {objects.Count} S3 objects, {outputs.Count(o => o.Name.StartsWith("DynamoDB", StringComparison.Ordinal))} DynamoDB items, {updates.Count} live-stream updates, {logs.Lines.Count} log lines for {canaries.Length} canaries"));
    }
}
