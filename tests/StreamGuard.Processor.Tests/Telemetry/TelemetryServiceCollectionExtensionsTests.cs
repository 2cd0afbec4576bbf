using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StreamGuard.Core;
using StreamGuard.Pipeline;
using StreamGuard.Runtime.Telemetry;
using StreamGuard.Tests.Shared.Support;

namespace StreamGuard.Processor.Tests.Telemetry;

[Collection(MeterListeningCollection.Name)]
public sealed class TelemetryServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddStreamGuardTelemetry_PrometheusPortSet_ServesPipelineCountersOverHttp()
    {
        int port = FreePort();
        using IHost host = Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["StreamGuard:Metrics:PrometheusPort"] = port.ToString(CultureInfo.InvariantCulture),
            }))
            .ConfigureServices((context, services) => services.AddStreamGuardTelemetry(context.Configuration))
            .Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var counters = new PipelineCounters(host.Services.GetRequiredService<IMeterFactory>());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri($"http://127.0.0.1:{port}/metrics");

        counters.BatchDone(processed: 7, deadLettered: 1, alerts: 2, latencyMs: 12);
        string text = "";
        await Eventually.WaitAsync(
            async () => (text = await http.GetStringAsync(url).WaitAsync(TimeSpan.FromSeconds(10))).Contains("streamguard_records_processed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            () => "the scrape never showed streamguard_records_processed: " + text);
        counters.BatchDone(processed: 5, deadLettered: 0, alerts: 0, latencyMs: 3);
        await Eventually.WaitAsync(
            async () => Value(text = await http.GetStringAsync(url).WaitAsync(TimeSpan.FromSeconds(10)), "streamguard_records_processed") == 12,
            TimeSpan.FromSeconds(30),
            () => "the processed counter did not reach 12: " + text);

        Assert.Equal(1, Value(text, "streamguard_records_dead_lettered"));
        Assert.Equal(2, Value(text, "streamguard_alerts"));
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void AddStreamGuardTelemetry_PortOutOfRange_UserErrorNamesTheSetting()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["StreamGuard:Metrics:PrometheusPort"] = "70000",
        }).Build();

        var error = Assert.Throws<UserErrorException>(() => new ServiceCollection().AddStreamGuardTelemetry(configuration));

        Assert.Contains("StreamGuard:Metrics:PrometheusPort", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void AddStreamGuardTelemetry_NoPort_RegistersNoListener()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddStreamGuardTelemetry(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        MetricsOptions options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;

        Assert.Null(options.PrometheusPort);
        Assert.NotNull(provider.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }

    /// <summary>The sum of a metric's series in a Prometheus text exposition (0 when absent).</summary>
    private static double Value(string exposition, string metric) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "_total", StringComparison.Ordinal) || line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Sum(line =>
            {
                string rest = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ', StringComparison.Ordinal)..];
                return double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
