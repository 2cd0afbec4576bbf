using Microsoft.Playwright;

namespace StreamGuard.LiveView.Tests;

/// <summary>Opens the dashboard in a real (headless) Chromium and watches live data arrive.</summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] s_chromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task Dashboard_OpenedInBrowser_ShowsAnonymisedTransactionsArrivingLive()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: the README's test command installs it (apt-get install chromium).");
        await using LiveViewServer server = await LiveViewServer.StartAsync(RepoFiles.Path("data", "sample.csv"));
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = s_chromiumArgs, Headless = true });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        int frames = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Text?.Contains("\"target\":\"frame\"", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref frames);
            }
        };

        await page.GotoAsync(server.BaseAddress.ToString(), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 30_000 });

        // A transaction arrives: a row appears in the live list, with a masked card and a pseudonym.
        ILocator firstRow = page.Locator("#recent tbody tr").First;
        await Assertions.Expect(firstRow).ToBeVisibleAsync(new() { Timeout = 30_000 });
        string rowText = await firstRow.InnerTextAsync(new() { Timeout = 10_000 });
        // The card shows as its last four digits, or as its pseudonym while the row's class is smaller than k
        // (the k-anonymity gate drops the last four then); never as a card number.
        Assert.True(rowText.Contains("•••• ", StringComparison.Ordinal) || rowText.Contains("card_", StringComparison.Ordinal), rowText);
        Assert.DoesNotMatch(@"\d{12}", rowText);
        Assert.Contains("cust_", rowText, StringComparison.Ordinal);
        Assert.NotEqual("0", await page.Locator("#processed").InnerTextAsync(new() { Timeout = 10_000 }));
        // The banner says the category chart is differentially private, with its epsilon (the default 0.25 per daily release).
        Assert.Contains("differentially private releases", await page.Locator("#privacy").InnerTextAsync(new() { Timeout = 10_000 }), StringComparison.Ordinal);
        Assert.Contains("ε 0.25 per release", await page.Locator("#privacy").InnerTextAsync(new() { Timeout = 10_000 }), StringComparison.Ordinal);

        // Frames keep coming at the configured pace (250 ms): more than two a second over two seconds.
        int before = Volatile.Read(ref frames);
        await page.WaitForTimeoutAsync(2_000);
        int received = Volatile.Read(ref frames) - before;
        Assert.True(received >= 4, $"expected at least 4 frames in 2 s, got {received}");

        string screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "dashboard.png"), Timeout = 10_000 });
    }
}
