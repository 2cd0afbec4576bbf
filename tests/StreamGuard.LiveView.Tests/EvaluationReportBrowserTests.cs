using System.Diagnostics;
using Microsoft.Playwright;
using StreamGuard.Producer.Generation;

namespace StreamGuard.LiveView.Tests;

/// <summary>`evaluate --report` writes one self-contained HTML file; a real Chromium opens it offline and every chart renders.</summary>
public sealed class EvaluationReportBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] s_chromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("sg-report-").FullName;

    [Fact]
    public async Task EvaluateReport_GeneratedFile_ChartsRenderOfflineWithCurvesKindsAndReasons()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: the README's test command installs it (apt-get install chromium).");
        string input = Path.Combine(_dir, "generated.csv");
        string report = Path.Combine(_dir, "report.html");
        var generator = new TransactionGenerator(new GeneratorOptions(150, 45, 7, new DateOnly(2024, 1, 1)) { EpisodeProbabilityPer30Days = 0.3 });
        using (var writer = new SparkovCsvWriter(new StreamWriter(input)))
        {
            foreach (GeneratedTransaction t in generator.Generate())
            {
                writer.Write(t);
            }
        }

        string stdout = await RunAsync("evaluate", "--input", input, "--label-delay", "7d", "--report", report);
        Assert.Contains("pr_auc", stdout, StringComparison.Ordinal);
        string html = await File.ReadAllTextAsync(report);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = s_chromiumArgs, Headless = true });
        IBrowserContext context = await browser.NewContextAsync(new() { Offline = true, ViewportSize = new() { Width = 1200, Height = 900 } });
        IPage page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(new Uri(report).AbsoluteUri, new() { Timeout = 30_000 });

        // Every chart is drawn with a real size; each named chart is there.
        string[] charts = ["pr-curve", "roc-curve", "score-distribution", "by-month-chart", "by-kind-chart", "reasons-true", "reasons-false"];
        foreach (string id in charts)
        {
            var box = await page.Locator($"svg#{id}").BoundingBoxAsync(new() { Timeout = 10_000 });
            Assert.True(box is { Width: > 200, Height: > 60 }, $"{id} is not rendered");
        }

        // The PR curve has many points and ends at recall 1; the ROC curve rises above the diagonal.
        string prPath = await page.Locator("svg#pr-curve path[data-series='scorer']").GetAttributeAsync("d", new() { Timeout = 10_000 }) ?? "";
        Assert.True(prPath.Split('L').Length > 20, prPath);
        var rocBox = await page.Locator("svg#roc-curve path[data-series='scorer']").BoundingBoxAsync(new() { Timeout = 10_000 });
        Assert.True(rocBox is { Width: > 100, Height: > 100 });
        // The threshold line is drawn on the score distribution.
        Assert.Equal(1, await page.Locator("svg#score-distribution line.marker").CountAsync());
        // The generator names four fraud kinds; each has a row and a bar.
        Assert.Equal(5, await page.Locator("#by-kind-table tr").CountAsync());
        Assert.Equal(8, await page.Locator("svg#by-kind-chart rect.bar").CountAsync());
        foreach (string kind in new[] { "night_spree", "card_testing", "skimmed_far_away", "big_ticket" })
        {
            Assert.Contains(kind, await page.Locator("#by-kind-table").InnerTextAsync(new() { Timeout = 10_000 }), StringComparison.Ordinal);
        }

        // Reasons among true alerts are listed; months have rows; settings are shown.
        Assert.True(await page.Locator("svg#reasons-true rect.bar").CountAsync() > 0);
        Assert.True(await page.Locator("#by-month-table tr").CountAsync() >= 3);
        Assert.Contains("7d", await page.Locator("#settings + table").InnerTextAsync(new() { Timeout = 10_000 }), StringComparison.Ordinal);
        Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));

        string screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "evaluation-report.png"), FullPage = true, Timeout = 20_000 });
    }

    /// <summary>The real processor command, from its own build output (its dependencies differ from this web test's).</summary>
    private static async Task<string> RunAsync(params string[] args)
    {
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string dll = RepoFiles.Path("src", "Processor", "bin", configuration, "net10.0", "StreamGuard.Processor.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
        Assert.True(process.ExitCode == 0, $"{dll} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr.WaitAsync(TimeSpan.FromSeconds(10))}");
        return await stdout.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
