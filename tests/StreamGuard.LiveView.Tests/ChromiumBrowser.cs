using Microsoft.Playwright;

namespace StreamGuard.LiveView.Tests;

/// <summary>Debian's Chromium driven by Playwright (no browser download), with the flags that keep it off the network.</summary>
internal static class ChromiumBrowser
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] s_args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: the README's test command installs it (apt-get install chromium).");
        IPlaywright playwright = await Playwright.CreateAsync().WaitAsync(TimeSpan.FromSeconds(60));
        IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = s_args, Headless = true, Timeout = 60_000 });
        return (playwright, browser);
    }
}
