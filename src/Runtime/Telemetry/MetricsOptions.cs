using System.ComponentModel.DataAnnotations;

namespace StreamGuard.Runtime.Telemetry;

/// <summary>Where the worker exposes its metrics, bound from <c>StreamGuard:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "StreamGuard:Metrics";

    /// <summary>Port of the Prometheus scrape endpoint (<c>/metrics</c>) of a worker without a web host; off when unset.</summary>
    [Range(1, 65535)]
    public int? PrometheusPort { get; set; }

    /// <summary>Host name the scrape endpoint listens on; loopback unless a scraper on another machine needs it.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PrometheusHost { get; set; } = "127.0.0.1";
}
