using StreamGuard.Tests.Shared.Support;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StreamGuard.LiveView.Services;

namespace StreamGuard.LiveView.Tests;

/// <summary>An analyst's verdict: given in the page, stored, counted, posted to the scorer as labels, and still there after a restart.</summary>
public sealed class ConsoleVerdictTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sg-liveview-verdict-").FullName;

    [Fact]
    public async Task Verdict_GivenInPage_StoredCountedPostedAndSurvivesRestart()
    {
        string caseId;
        (IPlaywright playwright, IBrowser browser) = await ChromiumBrowser.LaunchAsync();
        using (playwright)
        {
            await using (LiveViewServer first = await LiveViewServer.StartInAsync(_dataDir, ownsDataDir: false, RepoFiles.Path("data", "sample.csv"),
                "--LiveView:Speed=20000", "--StreamGuard:Scoring:AlertBudget=0.02"))
            {
                IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
                await page.GotoAsync(first.BaseAddress.ToString(), new() { Timeout = 30_000 });
                caseId = await ConsolePage.OpenFirstCardCaseAsync(page);
                await page.GetByRole(AriaRole.Button, new() { Name = "Fraud", Exact = true }).ClickAsync(new() { Timeout = 10_000 });
                await Assertions.Expect(page.Locator("#verdict-status")).ToContainTextAsync("Stored: fraud", new() { Timeout = 10_000 });
                await Assertions.Expect(page.Locator("#verdict-status")).ToContainTextAsync("posted to the scorer", new() { Timeout = 10_000 });

                // Counted, and posted: nothing waits for the scorer's inbox.
                await WaitForAsync(() => first.Services.GetRequiredService<DashboardState>().Frame().Verdicts is { Fraud: >= 1, Waiting: 0 });
                Assert.True(first.Services.GetRequiredService<LabelTarget>().Inbox is not null);

                // The same verdict again changes nothing (idempotent).
                using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                HttpResponseMessage again = await http.PostAsJsonAsync("/api/verdicts", new { caseId, verdict = "fraud" });
                using JsonDocument repeat = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
                Assert.Equal(0, repeat.RootElement.GetProperty("changed").GetInt32());
                using JsonDocument judged = JsonDocument.Parse(await http.GetStringAsync($"/api/cases/{Uri.EscapeDataString(caseId)}"));
                Assert.Equal("fraud", judged.RootElement.GetProperty("verdict").GetString());
                HttpResponseMessage bad = await http.PostAsJsonAsync("/api/verdicts", new { caseId, verdict = "maybe" });
                Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
            }

            // A restart over the same data folder: the stream starts afresh, the verdict is still there,
            // counted, and posted again to the new scorer.
            await using LiveViewServer second = await LiveViewServer.StartInAsync(_dataDir, ownsDataDir: false, RepoFiles.Path("data", "sample.csv"), "--LiveView:Speed=1");
            using var api = new HttpClient { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            using JsonDocument verdicts = JsonDocument.Parse(await api.GetStringAsync("/api/verdicts"));
            JsonElement[] stored = [.. verdicts.RootElement.EnumerateArray().Where(v => "card:" + v.GetProperty("cardId").GetString() == caseId)];
            Assert.NotEmpty(stored);   // one per alerted transaction of the case
            Assert.All(stored, v => Assert.Equal("fraud", v.GetProperty("verdict").GetString()));
            await WaitForAsync(() => second.Services.GetRequiredService<DashboardState>().Frame().Verdicts is { Fraud: >= 1, Waiting: 0 });
            IPage again2 = await browser.NewPageAsync();
            await again2.GotoAsync(second.BaseAddress.ToString(), new() { Timeout = 30_000 });
            await Assertions.Expect(again2.Locator("#verdicts")).Not.ToHaveTextAsync("0", new() { Timeout = 20_000 });
            await browser.CloseAsync();
        }
    }

    private static Task<TimeSpan> WaitForAsync(Func<bool> condition) =>
        Eventually.WaitAsync(condition, TimeSpan.FromSeconds(20), () => "the verdict was not counted");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }
}
