using Microsoft.Playwright;

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
            // Desktop light, desktop dark and the 390 px phone: each region of each, from the real population releases.
            (string Suffix, BrowserNewPageOptions Options)[] variants =
            [
                ("", new() { ViewportSize = new() { Width = 1500, Height = 1000 } }),
                ("-dark", new() { ViewportSize = new() { Width = 1500, Height = 1000 }, ColorScheme = ColorScheme.Dark }),
                ("-phone", new() { ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true }),
            ];
            foreach ((string suffix, BrowserNewPageOptions options) in variants)
            {
                IPage page = await browser.NewPageAsync(options);
                await page.GotoAsync(server.BaseAddress.ToString(), new() { Timeout = 30_000 });
                await ConsolePage.OpenFirstCardCaseAsync(page);
                await Assertions.Expect(page.Locator("#history-table tbody tr").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
                await Assertions.Expect(page.Locator("#population-budget")).ToContainTextAsync("spent", new() { Timeout = 30_000 });
                await page.GetByRole(AriaRole.Button, new() { Name = "Pause live" }).ClickAsync(new() { Timeout = 10_000 });
                foreach ((string region, string file) in s_regions)
                {
                    await page.GetByRole(AriaRole.Region, new() { Name = region, Exact = true }).ScreenshotAsync(new() { Path = Path.Combine(folder, file + suffix + ".png"), Timeout = 10_000 });
                }

                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "console" + suffix + ".png"), FullPage = true, Timeout = 20_000 });
                await page.CloseAsync();
            }

            await browser.CloseAsync();
        }

        foreach (string file in s_regions.Select(r => r.File).Append("console").SelectMany(f => new[] { f, f + "-dark", f + "-phone" }))
        {
            Assert.True(new FileInfo(Path.Combine(folder, file + ".png")).Length > 2_000, file + ".png is missing or empty");
        }
    }
}
