using StreamGuard.Tests.Shared.Support;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace StreamGuard.LiveView.Tests;

/// <summary>The console's regions in a real Chromium against the real app replaying the sample.</summary>
public sealed class ConsoleRegionsTests(ConsoleServerFixture console) : IClassFixture<ConsoleServerFixture>
{
    private static readonly string[] s_regions =
    [
        "Alert queue", "Card history", "Customer", "Spending by category", "Spending trend", "Segments", "Pipeline health", "Score distribution",
    ];

    [Fact]
    public async Task Page_FirstLoad_EveryRegionPresentByAccessibleName()
    {
        IPage page = await console.OpenAsync();
        foreach (string region in s_regions)
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = region, Exact = true })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task AlertQueue_CaseOpened_ShowsCardHistoryWithScoresAndUsual()
    {
        IPage page = await console.OpenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Alert queue", Exact = true }).Locator("button.case").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        string caseId = await ConsolePage.OpenFirstCardCaseAsync(page);

        ILocator history = page.GetByRole(AriaRole.Region, new() { Name = "Card history", Exact = true });
        await Assertions.Expect(history.Locator("#history-table tbody tr").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(history.Locator("#card-usual")).ToContainTextAsync("Usual for this card", new() { Timeout = 10_000 });
        await Assertions.Expect(history.Locator("#case-summary")).ToContainTextAsync("card ", new() { Timeout = 10_000 });
        // The alert sits on the time line: the alert series of the chart holds at least one point.
        int alertPoints = await page.EvaluateAsync<int>("() => Chart.getChart('history-chart').data.datasets[1].data.length");
        Assert.True(alertPoints >= 1, $"no alert point on the card's time line for {caseId}");
        // The same case through the API, with the frame's field names.
        using var http = new HttpClient { BaseAddress = console.Server.BaseAddress };
        using JsonDocument json = JsonDocument.Parse(await http.GetStringAsync($"api/cases/{Uri.EscapeDataString(caseId)}").WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(caseId, json.RootElement.GetProperty("caseId").GetString());
        Assert.True(json.RootElement.GetProperty("alerts").GetArrayLength() >= 1);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Customer_SearchByPseudonym_ShowsBudgetsForecastAndTrend()
    {
        IPage page = await console.OpenAsync();
        string customer = await FirstCustomerWithBudgetsAsync();
        ILocator region = page.GetByRole(AriaRole.Region, new() { Name = "Customer", Exact = true });
        await region.GetByRole(AriaRole.Searchbox, new() { Name = "Customer pseudonym" }).FillAsync(customer[..14], new() { Timeout = 10_000 });
        await region.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync(new() { Timeout = 10_000 });

        await Assertions.Expect(region.Locator("#customer-summary")).ToContainTextAsync(customer, new() { Timeout = 20_000 });
        ILocator firstBudget = region.Locator("#budget-table tbody tr").First;
        await Assertions.Expect(firstBudget).ToBeVisibleAsync(new() { Timeout = 10_000 });
        string[] cells = [.. (await firstBudget.Locator("td").AllInnerTextsAsync()).Select(c => c.Trim())];
        Assert.Equal(5, cells.Length);
        Assert.StartsWith("$", cells[1], StringComparison.Ordinal);   // month to date
        Assert.StartsWith("$", cells[3], StringComparison.Ordinal);   // forecast to month end
        Assert.Contains(cells[4], new[] { "over", "on course to exceed", "on track", "no budget" });
        int months = await page.EvaluateAsync<int>("() => Chart.getChart('customer-trend').data.labels.length");
        Assert.True(months >= 1);
        await page.CloseAsync();
    }

    [Fact]
    public async Task PipelineHealth_OverSeconds_ChartsMove()
    {
        IPage page = await console.OpenAsync();
        const string points = "() => Chart.getChart('health-rate').data.datasets[0].data.length";
        await page.WaitForFunctionAsync($"() => ({points})() >= 2", null, new() { Timeout = 20_000 });
        int before = await page.EvaluateAsync<int>(points);
        string lastBefore = await page.EvaluateAsync<string>("() => Chart.getChart('health-rate').data.labels.at(-1)");
        await page.WaitForFunctionAsync($"n => ({points})() > n", before, new() { Timeout = 10_000 });
        // Points come once a second and a new point may still carry the last second's label: wait for a later one.
        await page.WaitForFunctionAsync("last => Chart.getChart('health-rate').data.labels.at(-1) !== last", lastBefore, new() { Timeout = 10_000 });
        // Between replay passes a second can pass with no event: events/s must rise above 0 within the window.
        await page.WaitForFunctionAsync("() => Math.max(...Chart.getChart('health-rate').data.datasets[0].data) > 0", null, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#health-now")).ToContainTextAsync("latency p50", new() { Timeout = 10_000 });
        await page.CloseAsync();
    }

    [Fact]
    public async Task ScoreDistribution_Frames_HistogramCountsTransactions()
    {
        IPage page = await console.OpenAsync();
        await page.WaitForFunctionAsync("() => Chart.getChart('score-chart').data.datasets[0].data.reduce((s, p) => s + p.y, 0) > 100", null, new() { Timeout = 30_000 });
        await page.CloseAsync();
    }

    [Fact]
    public async Task Page_Phone390_NoHorizontalScroll()
    {
        IPage page = await console.OpenAsync(390, 844);
        await page.WaitForTimeoutAsync(2_000);
        int scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"the page is {scrollWidth} px wide on a 390 px phone");
        foreach (string region in s_regions)
        {
            double right = await page.GetByRole(AriaRole.Region, new() { Name = region, Exact = true }).EvaluateAsync<double>("e => e.getBoundingClientRect().right");
            Assert.True(right <= 390, $"{region} ends at {right} px");
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task Page_LoadedAndLive_NoConsoleErrorsNorFailedRequests()
    {
        IPage page = await console.Browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                lock (problems)
                {
                    problems.Add($"console {m.Type}: {m.Text}");
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (problems)
            {
                problems.Add("page error: " + e);
            }
        };
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                lock (problems)
                {
                    problems.Add($"{r.Status} {r.Url}");
                }
            }
        };
        await page.GotoAsync(console.Server.BaseAddress.ToString(), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await ConsolePage.OpenFirstCardCaseAsync(page);
        await page.WaitForTimeoutAsync(3_000);
        lock (problems)
        {
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task InsightTables_AfterReplay_HoldBudgetsAndSegmentsForSql()
    {
        await FirstCustomerWithBudgetsAsync();
        using var db = new SqliteConnection($"Data Source={Path.Combine(console.Server.DataDir, "streamguard.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM budgets), (SELECT COUNT(*) FROM budgets WHERE forecast >= month_to_date), (SELECT COUNT(*) FROM duplicates) >= 0";
        using SqliteDataReader r = command.ExecuteReader();
        Assert.True(r.Read());
        Assert.True(r.GetInt64(0) > 0, "no budget row");
        Assert.Equal(r.GetInt64(0), r.GetInt64(1));   // a forecast never below what is spent
    }

    private async Task<string> FirstCustomerWithBudgetsAsync()
    {
        string path = Path.Combine(console.Server.DataDir, "streamguard.db");
        string? customer = null;
        await Eventually.WaitAsync(() => (customer = CustomerWithMostBudgets(path)) is not null, TimeSpan.FromSeconds(60), () => "no budget row stored yet");
        return customer!;
    }

    private static string? CustomerWithMostBudgets(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        db.Open();
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = "SELECT customer_id FROM budgets GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1";
        return command.ExecuteScalar() as string;
    }
}
