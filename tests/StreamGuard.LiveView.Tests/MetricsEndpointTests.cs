using System.Globalization;
using StreamGuard.Tests.Shared.Support;

namespace StreamGuard.LiveView.Tests;

/// <summary>LiveView's Prometheus scrape endpoint, read over real HTTP while the embedded pipeline replays the sample.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_WhileReplaying_PipelineCountersMove()
    {
        await using LiveViewServer server = await LiveViewServer.StartAsync(RepoFiles.Path("data", "sample.csv"), "--LiveView:Speed=43200");
        // Generous per-request limits: the first scrape pays for JIT on a shared, loaded machine.
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        double first = 0;
        await Eventually.WaitAsync(
            async () => (first = ProcessedIn(await ScrapeAsync(http))) > 0,
            s_deadline,
            () => "streamguard_records_processed never appeared above zero on /metrics");
        string text = "";
        await Eventually.WaitAsync(
            async () => ProcessedIn(text = await ScrapeAsync(http)) > first,
            s_deadline,
            () => $"streamguard_records_processed stayed at {first}");

        Assert.Contains("# TYPE streamguard_records_processed", text, StringComparison.Ordinal);
        Assert.Contains("streamguard_batch_latency", text, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri("/metrics", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The processed-records counter's value (summed over its series), 0 when absent.</summary>
    internal static double ProcessedIn(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith("streamguard_records_processed", StringComparison.Ordinal))
            .Sum(line =>
            {
                // name{labels} value [timestamp]: labels may hold spaces, so read after the closing brace.
                string rest = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ', StringComparison.Ordinal)..];
                return double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            });
}
