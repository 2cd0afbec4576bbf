using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using StreamGuard.Tests.Shared.Privacy;
using Xunit.Abstractions;

namespace StreamGuard.LiveView.Tests;

/// <summary>
/// The dashboard replaying the canary data set in a real (headless) Chromium: every SignalR frame the
/// page receives or sends, and the page's text at the end, are searched for the canary values and
/// for full card numbers.
/// </summary>
public sealed class DashboardCanaryTests(ITestOutputHelper output) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);
    private static readonly string[] s_chromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("sg-liveview-canary-").FullName;

    [Fact]
    public async Task Dashboard_CanaryInput_NoCanaryNorFullCardNumberInAnySignalRFrame()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: the README's test command installs it (apt-get install chromium).");
        var data = new CanaryDataSet(Path.Combine(_dir, "canary.csv"), customers: 40, days: 4, seed: 7);
        await using LiveViewServer server = await LiveViewServer.StartAsync(
            data.Path,
            "--LiveView:Speed=43200",
            "--StreamGuard:Privacy:Differential:MinGroupSize=2",
            "--StreamGuard:Privacy:Differential:AllowedLateness=01:00:00",
            "--StreamGuard:Scoring:AlertBudget=0.05");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = s_chromiumArgs, Headless = true });
        IPage page = await browser.NewPageAsync();
        var frames = new ConcurrentQueue<string>();
        page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, frame) => frames.Enqueue(frame.Text ?? Convert.ToBase64String(frame.Binary ?? []));
            socket.FrameSent += (_, frame) => frames.Enqueue(frame.Text ?? Convert.ToBase64String(frame.Binary ?? []));
        };

        await page.GotoAsync(server.BaseAddress.ToString(), new() { Timeout = 30_000 });

        // Run through the whole input once, until the frames have carried all that could leak:
        // transactions, alerts, dead letters and the DP category chart.
        (bool Recent, bool Alerts, bool Categories, long Processed) seen = default;
        using var deadline = new CancellationTokenSource(s_deadline);
        while (!(seen.Recent && seen.Alerts && seen.Categories && seen.Processed >= data.Rows))
        {
            Assert.False(deadline.IsCancellationRequested, $"within {s_deadline.TotalSeconds} s the frames showed: {seen} of {data.Rows} rows");
            foreach (JsonElement frame in Frames(frames))
            {
                seen = (
                    seen.Recent || frame.GetProperty("recent").GetArrayLength() > 0,
                    seen.Alerts || frame.GetProperty("recentAlerts").GetArrayLength() > 0,
                    seen.Categories || frame.GetProperty("categories").GetArrayLength() > 0,
                    Math.Max(seen.Processed, frame.GetProperty("processed").GetInt64()));
            }

            await page.WaitForTimeoutAsync(250);
        }

        string pageText = await page.Locator("body").InnerTextAsync(new() { Timeout = 10_000 });
        var scanner = new CanaryScanner(data);
        Assert.ThrowsAny<Exception>(() => new CanaryScanner(data).AssertClean("input", File.ReadAllText(data.Path)));
        string[] all = [.. frames];
        for (int i = 0; i < all.Length; i++)
        {
            scanner.AssertClean($"WebSocket frame {i}", all[i]);
        }

        scanner.AssertClean("page text", pageText);
        output.WriteLine($"{data.Rows} canary rows replayed; scanned {all.Length} WebSocket frames and the page text ({scanner.Characters:N0} characters)");
    }

    /// <summary>The dashboard frames among the SignalR messages (JSON protocol: records end with 0x1E).</summary>
    private static IEnumerable<JsonElement> Frames(ConcurrentQueue<string> frames)
    {
        foreach (string text in frames)
        {
            foreach (string message in text.Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!message.Contains("\"target\":\"frame\"", StringComparison.Ordinal))
                {
                    continue;
                }

                using JsonDocument json = JsonDocument.Parse(message);
                yield return json.RootElement.GetProperty("arguments")[0].Clone();
            }
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
