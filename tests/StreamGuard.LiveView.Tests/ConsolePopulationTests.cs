using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.LiveView.Tests;

/// <summary>
/// The population regions and the threshold marker render what the privacy branch and the scorer
/// publish: a <see cref="PopulationRelease"/> and an alert threshold put into the app's live feed.
/// </summary>
public sealed class ConsolePopulationTests
{
    [Fact]
    public async Task Population_ReleasePublished_ChartsCarryValuesErrorBarsAndBudget()
    {
        await using LiveViewServer server = await LiveViewServer.StartAsync(RepoFiles.Path("data", "sample.csv"), "--LiveView:Speed=1");
        (IPlaywright playwright, IBrowser browser) = await ChromiumBrowser.LaunchAsync();
        using (playwright)
        {
            IPage page = await browser.NewPageAsync();
            await page.GotoAsync(server.BaseAddress.ToString(), new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
            LiveFeed feed = server.Services.GetRequiredService<LiveFeed>();

            feed.Publish(Update(Release(spent: 0.75, exhausted: false), threshold: 0.42));
            await Assertions.Expect(page.Locator("#population-budget")).ToContainTextAsync("ε 0.75 of 3.00 spent", new() { Timeout = 10_000 });
            Assert.Equal(new[] { 120.5, 40 }, await page.EvaluateAsync<double[]>("() => Chart.getChart('categories').data.datasets[0].errors"));
            Assert.Equal(new[] { "2024-01-01", "2024-01-02" }, await page.EvaluateAsync<string[]>("() => Chart.getChart('trend-chart').data.labels"));
            Assert.Equal(new[] { 9.0, 9.0 }, await page.EvaluateAsync<double[]>("() => Chart.getChart('trend-chart').data.datasets[0].errors"));
            Assert.Equal(new[] { 35.0, 12 }, await page.EvaluateAsync<double[]>("() => Chart.getChart('segments-chart').data.datasets[0].data"));
            // Counts next to the amounts, each with its error, and the plain verdict.
            await Assertions.Expect(page.Locator("#population-verdict")).ToContainTextAsync("Each category is within ± $120.50 (95 %); 2 of 2 categories stand above their noise", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#population-counts tbody tr").First).ToContainTextAsync("80 ± 6", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#population-counts tbody tr").First).ToContainTextAsync("41 ± 5", new() { Timeout = 10_000 });
            Assert.Contains("first 60 transactions", await page.Locator("#population-bound").TextContentAsync(new() { Timeout = 10_000 }), StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("#threshold-note")).ToContainTextAsync("0.420", new() { Timeout = 10_000 });
            Assert.Equal(0.42, await page.EvaluateAsync<double>("() => Chart.getChart('score-chart').options.plugins.threshold.value"));

            // Noisy values: a bar within its own noise turns grey and is counted, every one of 18 category
            // labels is drawn, the axis reaches the top of every error bar, and no trend day before the stream's first transaction is drawn.
            // The real pipeline paces the sample at speed 1 and starts cold (key folder, SQLite, model): on a loaded
            // machine its first record took longer than 30 s once in CI, so this waits as long as the other browser tests.
            await Assertions.Expect(page.Locator("#processed")).Not.ToHaveTextAsync("0", new() { Timeout = 90_000 });
            feed.Publish(Update(NoisyRelease(), threshold: 0.42));
            await Assertions.Expect(page.Locator("#population-budget")).ToContainTextAsync("ε 1.00 of 3.00 spent", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#population-budget")).ToContainTextAsync("18 grey bars in the three population charts: noise larger than the value", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#population-verdict")).ToContainTextAsync("Too few customers for a useful private view yet", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#population-verdict")).ToContainTextAsync("Only 1 of 18 categories", new() { Timeout = 10_000 });
            Assert.Equal(18, await page.EvaluateAsync<int>("() => Chart.getChart('categories').scales.y.ticks.length"));
            Assert.True(await page.EvaluateAsync<double>("() => Chart.getChart('categories').scales.x.max") >= 1_520 + 120.5, "the top of an error bar is outside the axis");
            string[] colors = await page.EvaluateAsync<string[]>("() => Chart.getChart('categories').data.datasets[0].backgroundColor");
            Assert.Equal(17, colors.Count(c => c == colors[1]));
            Assert.NotEqual(colors[0], colors[1]);
            Assert.Equal(new[] { "2024-01-01", "2024-01-02" }, await page.EvaluateAsync<string[]>("() => Chart.getChart('trend-chart').data.labels"));

            // The budget runs out: the page says releases stopped.
            feed.Publish(Update(Release(spent: 3, exhausted: true), threshold: null));
            await Assertions.Expect(page.Locator("#population-budget")).ToContainTextAsync("budget spent, releases stopped", new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#population-budget")).ToHaveClassAsync("exhausted", new() { Timeout = 10_000 });
            Assert.Contains("budget spent", await page.EvaluateAsync<string>("() => Chart.getChart('trend-chart').options.plugins.state.text"), StringComparison.Ordinal);
            await browser.CloseAsync();
        }
    }

    private static LiveUpdate Update(PopulationRelease release, double? threshold) => new(0, 0, [], [], []) { Population = release, AlertThreshold = threshold };

    // One clear category and 17 inside their noise; a trend day before the sample's first transaction (2024-01-01 03:51).
    private static PopulationRelease NoisyRelease() => Release(1, exhausted: false) with
    {
        NoiseExceedsSignal = true,
        Categories = [new("FOOD_AND_DRINK", 1520m, 120.5m, 80, 6), .. Enumerable.Range(0, 17).Select(i => new PopulationValue($"CATEGORY_{i:D2}", 10m * i, 400m, 1, 6) { NoiseExceedsSignal = true })],
        Trend = [new("2023-12-31", 50m, 900m, 2, 2), new("2024-01-01", 900m, 9m, 40, 2), new("2024-01-02", 1100m, 9m, 51, 2)],
        Segments = [new("steady spenders", 0m, 0m, 35, 4), new("night owls", 0m, 0m, 2, 4)],
    };

    private static PopulationRelease Release(double spent, bool exhausted) => new()
    {
        PeriodStart = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        PeriodEnd = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero),
        AsOf = new DateTimeOffset(2024, 1, 3, 12, 0, 0, TimeSpan.Zero),
        Categories = [new("FOOD_AND_DRINK", 1520m, 120.5m, 80, 6) { Customers = 41, CustomersError95 = 5 }, new("TRAVEL", 300m, 40m, 9, 3)],
        Trend = [new("2024-01-01", 900m, 9m, 40, 2), new("2024-01-02", 1100m, 9m, 51, 2)],
        Segments = [new("steady spenders", 0m, 0m, 35, 4), new("night owls", 0m, 0m, 12, 4)],
        Mechanism = "binary tree (Laplace)",
        EpsilonSpent = spent,
        EpsilonBudget = 3,
        BudgetExhausted = exhausted,
        Bound = "per person per 30 days: first 60 transactions, at most $150 per day and category, customer of at most 6 categories",
        TreeLevels = 1,
    };
}
