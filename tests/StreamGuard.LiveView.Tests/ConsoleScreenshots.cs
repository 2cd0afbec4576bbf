using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.LiveView.Tests;

/// <summary>
/// Screenshots of every region, the whole page, the phone layout and dark mode, from the real app.
/// tools/screenshots.sh runs this with SG_SCREENSHOTS=docs/screenshots; otherwise they go beside the test binaries.
/// </summary>
public sealed class ConsoleScreenshots
{
    private static readonly (string Region, string File)[] s_regions =
    [
        ("Alert queue", "alert-queue"), ("Card history", "card-history"), ("Customer", "customer"), ("Spending by category", "spending-by-category"),
        ("Spending trend", "spending-trend"), ("Segments", "segments"), ("Pipeline health", "pipeline-health"), ("Score distribution", "score-distribution"),
    ];

    [Fact]
    public async Task Screenshots_EveryRegion_WrittenAsPng()
    {
        string folder = Environment.GetEnvironmentVariable("SG_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured, RepoFiles.Root)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await using LiveViewServer server = await LiveViewServer.StartAsync(RepoFiles.Path("data", "sample.csv"), "--LiveView:Speed=20000", "--StreamGuard:Scoring:AlertBudget=0.02");
        (IPlaywright playwright, IBrowser browser) = await ChromiumBrowser.LaunchAsync();
        using (playwright)
        {
            IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 } });
            await page.GotoAsync(server.BaseAddress.ToString(), new() { Timeout = 30_000 });
            await ConsolePage.OpenFirstCardCaseAsync(page);
            await Assertions.Expect(page.Locator("#history-table tbody tr").First).ToBeVisibleAsync(new() { Timeout = 20_000 });

            // Nothing on this branch produces the population release yet: show one as the privacy branch publishes it.
            server.Services.GetRequiredService<LiveFeed>().Publish(new LiveUpdate(0, 0, [], [], []) { Population = SampleRelease(), AlertThreshold = 0.5 });
            await page.WaitForTimeoutAsync(6_000);
            foreach ((string region, string file) in s_regions)
            {
                await page.GetByRole(AriaRole.Region, new() { Name = region, Exact = true }).ScreenshotAsync(new() { Path = Path.Combine(folder, file + ".png"), Timeout = 10_000 });
            }

            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "console.png"), FullPage = true, Timeout = 20_000 });
            IPage dark = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 }, ColorScheme = ColorScheme.Dark });
            await dark.GotoAsync(server.BaseAddress.ToString(), new() { Timeout = 30_000 });
            await dark.WaitForTimeoutAsync(3_000);
            await dark.ScreenshotAsync(new() { Path = Path.Combine(folder, "console-dark.png"), Timeout = 20_000 });
            IPage phone = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true });
            await phone.GotoAsync(server.BaseAddress.ToString(), new() { Timeout = 30_000 });
            await phone.WaitForTimeoutAsync(3_000);
            await phone.ScreenshotAsync(new() { Path = Path.Combine(folder, "console-phone.png"), Timeout = 20_000 });
            await browser.CloseAsync();
        }

        foreach (string file in s_regions.Select(r => r.File).Concat(["console", "console-dark", "console-phone"]))
        {
            Assert.True(new FileInfo(Path.Combine(folder, file + ".png")).Length > 2_000, file + ".png is missing or empty");
        }
    }

    private static PopulationRelease SampleRelease() => new()
    {
        PeriodStart = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        PeriodEnd = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero),
        AsOf = new DateTimeOffset(2024, 1, 9, 0, 0, 0, TimeSpan.Zero),
        Categories =
        [
            new("FOOD_AND_DRINK", 18_400m, 1_150m, 610, 30), new("GENERAL_MERCHANDISE", 14_100m, 1_150m, 420, 30), new("TRANSPORTATION", 6_900m, 1_150m, 200, 30),
            new("ENTERTAINMENT", 5_300m, 1_150m, 160, 30), new("TRAVEL", 3_900m, 1_150m, 40, 30), new("PERSONAL_CARE", 2_100m, 1_150m, 90, 30),
        ],
        Trend = [.. Enumerable.Range(1, 8).Select(d => new PopulationValue($"2024-01-0{d}", 5_000m + (d * 310m % 1_700m), 640m, 180, 12))],
        Segments = [new("everyday spenders", 0m, 0m, 412, 9), new("online shoppers", 0m, 0m, 233, 9), new("travellers", 0m, 0m, 97, 9), new("night owls", 0m, 0m, 61, 9)],
        Mechanism = "binary tree (Laplace), illustrative values",
        EpsilonSpent = 1.2,
        EpsilonBudget = 3,
        BudgetExhausted = false,
    };
}
