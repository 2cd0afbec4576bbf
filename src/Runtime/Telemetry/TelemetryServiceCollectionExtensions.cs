using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using StreamGuard.Core;
using StreamGuard.Core.Settings;

namespace StreamGuard.Runtime.Telemetry;

/// <summary>
/// Registers OpenTelemetry metrics for every StreamGuard meter: a Prometheus scrape endpoint of its own when
/// <c>StreamGuard:Metrics:PrometheusPort</c> is set (workers without a web host), the OTLP exporter when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and whatever else <c>configureMetrics</c> adds (LiveView adds the
/// ASP.NET Core Prometheus exporter and maps <c>/metrics</c> itself).
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "streamguard";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <exception cref="UserErrorException">A <c>StreamGuard:Metrics</c> setting is wrong.</exception>
    public static IServiceCollection AddStreamGuardTelemetry(
        this IServiceCollection services, IConfiguration configuration, Action<MeterProviderBuilder>? configureMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(MetricsOptions.Section);

        // The endpoint's port decides what is registered, so the settings are checked now, not only at start.
        MetricsOptions metrics = OptionsChecks.BindAndCheck<MetricsOptions, MetricsOptionsValidator>(section);
        services.AddValidatedOptions<MetricsOptions, MetricsOptionsValidator>(section);
        services.AddMetrics();
        bool otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable] ?? Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(builder =>
            {
                builder.AddMeter([.. StreamGuardMeters.All]);
                if (metrics.PrometheusPort is int port)
                {
                    builder.AddPrometheusHttpListener(listener =>
                    {
                        listener.Host = metrics.PrometheusHost;
                        listener.Port = port;
                    });
                }

                if (otlp)
                {
                    // Reads the endpoint, protocol and headers from the OTEL_EXPORTER_OTLP_* variables itself.
                    builder.AddOtlpExporter();
                }

                configureMetrics?.Invoke(builder);
            });
        return services;
    }
}
