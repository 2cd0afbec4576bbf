using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using StreamGuard.Aws.Tests.Emulators;
using StreamGuard.Aws.Tests.Workers;
using StreamGuard.Core.Model;
using StreamGuard.LiveView.Extensions;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Tests.Shared.Support;

namespace StreamGuard.Aws.Tests.Dashboard;

/// <summary>The console in aws mode against workers on the emulators: the same API answers as embedded, read from what the aws sinks wrote.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class AwsConsoleApiTests(EmulatorFixture emulators) : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sg-aws-console-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AwsMode_WorkerProcessed_ConsoleServesHistoryCustomerHealthAndStoredVerdictsAcrossRestart()
    {
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2), live: true);
        await system.CreateAsync(shards: 2);
        List<TransactionEvent> events = TestEvents.Create(640, system.RunId, cards: 8);
        WebApplication console = await StartConsoleAsync(system);
        using var http = new HttpClient { BaseAddress = new Uri(console.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };

        await system.ReplayAsync(events);
        RunningWorker worker = system.Start("worker-a");
        await Eventually.WaitAsync(async () => await system.CountTransactionsAsync() == events.Count, s_deadline, () => "transactions stored");
        worker.ThrowIfFailed();

        Dictionary<string, AttributeValue> any = (await system.ScanAsync(system.Options.Sinks.TransactionsTable))[0];
        string card = any["card_id"].S, customer = any["customer_id"].S;
        int cardRows = (await system.ScanAsync(system.Options.Sinks.TransactionsTable)).Count(i => i["card_id"].S == card);

        using JsonDocument history = await GetAsync(http, $"api/cards/{card}/history");
        JsonElement rows = history.RootElement.GetProperty("transactions");
        Assert.Equal(cardRows, rows.GetArrayLength());
        Assert.Equal(customer, history.RootElement.GetProperty("customerId").GetString());
        string[] times = [.. rows.EnumerateArray().Select(r => r.GetProperty("eventTime").GetString()!)];
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
        Assert.All(rows.EnumerateArray(), r => Assert.StartsWith("merchant-", r.GetProperty("merchant").GetString(), StringComparison.Ordinal));

        using JsonDocument view = await GetAsync(http, $"api/customers/{customer}");
        JsonElement root = view.RootElement;
        Assert.Equal(cardRows, root.GetProperty("trend").EnumerateArray().Sum(m => m.GetProperty("count").GetInt64()));
        Assert.Equal(Math.Min(20, cardRows), root.GetProperty("recent").GetArrayLength());
        // Budgets and the segment come from the insight items the aws sink wrote.
        List<Dictionary<string, AttributeValue>> insight = (await system.ScanAsync(system.Options.Sinks.InsightsTable)).FindAll(i => i["pk"].S == DynamoDbInsightItems.Partition(customer));
        int budgetItems = insight.Count(i => i["sk"].S.StartsWith(DynamoDbInsightItems.BudgetPrefix, StringComparison.Ordinal));
        Assert.True(budgetItems > 0, "the aws sink wrote no budget item");
        Assert.Equal(budgetItems, root.GetProperty("budgets").GetArrayLength());
        Assert.Equal("2026-11", root.GetProperty("month").GetString());

        // The shortest prefix (at least "cust_" and two characters) that only this customer has finds it; one shared by two finds nobody.
        string[] customers = [.. (await system.ScanAsync(system.Options.Sinks.TransactionsTable)).Select(i => i["customer_id"].S).Distinct()];
        int unique = Enumerable.Range(DynamoDbSink.SearchPrefixLength, customer.Length - DynamoDbSink.SearchPrefixLength + 1)
            .First(n => customers.Count(c => c.StartsWith(customer[..n], StringComparison.Ordinal)) == 1);
        using (JsonDocument byPrefix = await GetAsync(http, $"api/customers/{customer[..unique]}"))
        {
            Assert.Equal(customer, byPrefix.RootElement.GetProperty("customerId").GetString());
            Assert.Equal(budgetItems, byPrefix.RootElement.GetProperty("budgets").GetArrayLength());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/customers/cust_", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/cards/card_nobody/history", UriKind.Relative))).StatusCode);

        // Health through the live stream: the worker's latency reaches the console's health series.
        await Eventually.WaitAsync(
            async () =>
            {
                using JsonDocument frame = await GetAsync(http, "api/frame");
                return frame.RootElement.GetProperty("processed").GetInt64() == events.Count
                    && frame.RootElement.GetProperty("health").EnumerateArray().Any(h => h.GetProperty("latencyP50Ms").ValueKind == JsonValueKind.Number);
            },
            s_deadline,
            () => "the console's frame shows every processed record and a latency");

        // A verdict stored in DynamoDB is counted, and a restarted console still has it.
        using (var verdicts = new DynamoDbVerdictStore(system.Dynamo, system.Options.Sinks.VerdictsTable))
        {
            DateTimeOffset at = DateTimeOffset.UtcNow;
            Assert.Equal(1, await verdicts.RecordAsync([new AnalystVerdict(any["transaction_id"].S, card, customer, true, at, at, false)], CancellationToken.None).WaitAsync(AwsSystem.Timeout));
        }

        await Eventually.WaitAsync(async () => await FraudVerdictsAsync(http) == 1, s_deadline, () => "the frame counts the stored verdict");
        await console.StopAsync().WaitAsync(AwsSystem.Timeout);
        await console.DisposeAsync();
        console = await StartConsoleAsync(system);
        using var again = new HttpClient { BaseAddress = new Uri(console.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.WaitAsync(async () => await FraudVerdictsAsync(again) == 1, s_deadline, () => "the restarted console counts the stored verdict");
        using JsonDocument listed = await GetAsync(again, $"api/verdicts?cardId={card}");
        Assert.Equal(any["transaction_id"].S, Assert.Single(listed.RootElement.EnumerateArray()).GetProperty("transactionId").GetString());
        await console.StopAsync().WaitAsync(AwsSystem.Timeout);
        await console.DisposeAsync();
    }

    [Fact]
    public async Task AwsMode_PageInChromium_ShowsWorkersHealthShardLagScoresCustomerAndPrivacyFooter()
    {
        await using var system = new AwsSystem(emulators, TimeSpan.FromSeconds(2), live: true);
        await system.CreateAsync(shards: 2);
        List<TransactionEvent> events = TestEvents.Create(320, system.RunId, cards: 4);
        WebApplication console = await StartConsoleAsync(system);
        try
        {
            (IPlaywright playwright, IBrowser browser) = await StreamGuard.LiveView.Tests.ChromiumBrowser.LaunchAsync();
            using (playwright)
            {
                IPage page = await browser.NewPageAsync();
                var errors = new List<string>();
                page.Console += (_, m) =>
                {
                    if (m.Type == "error")
                    {
                        errors.Add(m.Text);
                    }
                };
                await page.GotoAsync(console.Urls.First(), new() { Timeout = 30_000 });
                await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
                await system.ReplayAsync(events);
                system.Start("worker-a");
                await Eventually.WaitAsync(async () => await system.CountTransactionsAsync() == events.Count, s_deadline, () => "transactions stored");

                await Assertions.Expect(page.Locator("#processed")).ToHaveTextAsync("320", new() { Timeout = 60_000 });
                // Shard lag of the workers' input stream, one row per shard, caught up.
                await Assertions.Expect(page.Locator("#shard-lag tbody tr")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
                await Assertions.Expect(page.Locator("#shard-lag tbody tr").First).ToContainTextAsync("shardId-", new() { Timeout = 30_000 });
                await Assertions.Expect(page.Locator("#health-now")).ToContainTextAsync("lag 0 ms", new() { Timeout = 30_000 });
                Assert.Equal(events.Count, await page.EvaluateAsync<int>("() => Chart.getChart('score-chart').data.datasets[0].data.reduce((s, p) => s + p.y, 0)"));
                await Assertions.Expect(page.Locator("#privacy")).ToContainTextAsync("differentially private releases from the workers", new() { Timeout = 10_000 });
                await Assertions.Expect(page.Locator("#privacy")).Not.ToContainTextAsync("null", new() { Timeout = 10_000 });

                // The customer view from DynamoDB: budgets from the insight items.
                string customer = (await system.ScanAsync(system.Options.Sinks.TransactionsTable))[0]["customer_id"].S;
                await page.Locator("#customer-query").FillAsync(customer);
                await page.Locator("#customer-search button[type=submit]").ClickAsync();
                await Assertions.Expect(page.Locator("#budget-table tbody tr").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
                await Assertions.Expect(page.Locator("#customer-recent tbody tr")).ToHaveCountAsync(20, new() { Timeout = 30_000 });
                Assert.Empty(errors);
                await browser.CloseAsync();
            }
        }
        finally
        {
            await console.StopAsync().WaitAsync(AwsSystem.Timeout);
            await console.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private async Task<WebApplication> StartConsoleAsync(AwsSystem system)
    {
        AwsSinkOptions sinks = system.Options.Sinks;
        WebApplication app = LiveViewApp.Create(
        [
            "--urls", "http://127.0.0.1:0",
            $"--StreamGuard:DataDir={_dataDir}",
            $"--LiveView:AwsLiveStream={sinks.LiveStreamName}",
            $"--StreamGuard:Aws:StreamName={system.Options.StreamName}",
            "--Aws:Region=us-east-1",
            $"--Aws:KinesisServiceUrl={emulators.Endpoints.Kinesis}",
            $"--Aws:DynamoDbServiceUrl={emulators.Endpoints.DynamoDb}",
            $"--StreamGuard:Aws:Sinks:TransactionsTable={sinks.TransactionsTable}",
            $"--StreamGuard:Aws:Sinks:InsightsTable={sinks.InsightsTable}",
            $"--StreamGuard:Aws:Sinks:ProfilesTable={sinks.ProfilesTable}",
            $"--StreamGuard:Aws:Sinks:VerdictsTable={sinks.VerdictsTable}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync().WaitAsync(AwsSystem.Timeout);
        return app;
    }

    private static async Task<long> FraudVerdictsAsync(HttpClient http)
    {
        using JsonDocument frame = await GetAsync(http, "api/frame");
        return frame.RootElement.GetProperty("verdicts").GetProperty("fraud").GetInt64();
    }

    private static async Task<JsonDocument> GetAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(AwsSystem.Timeout);
        string body = await response.Content.ReadAsStringAsync().WaitAsync(AwsSystem.Timeout);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
