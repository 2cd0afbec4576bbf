using Microsoft.Playwright;

namespace StreamGuard.LiveView.Tests;

/// <summary>
/// One real console for a class of browser tests: the bundled sample replayed fast with a generous
/// alert budget, so cases, budgets and health appear within seconds; one Chromium shared by the tests.
/// </summary>
public sealed class ConsoleServerFixture : IAsyncLifetime
{
    public LiveViewServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        Server = await LiveViewServer.StartAsync(RepoFiles.Path("data", "sample.csv"),
            "--LiveView:Speed=20000", "--StreamGuard:Scoring:AlertBudget=0.02");
        (_playwright, Browser) = await ChromiumBrowser.LaunchAsync();
    }

    public async Task<IPage> OpenAsync(int width = 1400, int height = 1000)
    {
        IPage page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        await page.GotoAsync(Server.BaseAddress.ToString(), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
