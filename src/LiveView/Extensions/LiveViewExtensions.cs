using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using StreamGuard.LiveView.Api;
using StreamGuard.LiveView.Hubs;
using StreamGuard.LiveView.Models;
using StreamGuard.LiveView.Security;
using StreamGuard.LiveView.Services;
using StreamGuard.Runtime.Composition;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Live;
using StreamGuard.Runtime.Telemetry;

namespace StreamGuard.LiveView.Extensions;

/// <summary>Wires the console: settings, access checks, the embedded pipeline, the broadcaster, SignalR, the API and the page.</summary>
public static partial class LiveViewExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <exception cref="Core.UserErrorException">A setting is wrong or the sample cannot be replayed.</exception>
    public static WebApplicationBuilder AddLiveView(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var binding = LiveViewBinding.From(builder.Configuration, DefaultUrl);
        LiveViewOptions checkedOptions = LiveViewStartup.Check(builder.Configuration, binding);

        // The dashboard keeps its own demo data folder unless one is configured; it answers only its own Host names.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StreamGuardOptions.Section}:DataDir"] = builder.Configuration[$"{StreamGuardOptions.Section}:DataDir"] ?? Path.Combine(".streamguard", "liveview"),
            ["AllowedHosts"] = builder.Configuration["AllowedHosts"] is { Length: > 0 } hosts && hosts != "*" ? hosts : LiveViewStartup.AllowedHosts(binding),
        });
        StreamGuardOptions streamGuard = ProcessorConfiguration.Load(builder.Configuration);
        builder.Services.AddSingleton(streamGuard);
        builder.Services.AddSingleton(binding);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddOptions<LiveViewOptions>().Bind(builder.Configuration.GetSection(LiveViewOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LiveViewOptions>, LiveViewOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        var feed = new LiveFeed();
        builder.Services.AddSingleton(feed);
        builder.Services.AddSingleton(sp => new DashboardState(sp.GetRequiredService<IOptions<LiveViewOptions>>().Value.RecentCount, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<LabelTarget>();
        builder.Services.AddSingleton<VerdictService>();
        if (string.IsNullOrEmpty(checkedOptions.AwsLiveStream))
        {
            builder.Services.AddEmbeddedStores(streamGuard);
            builder.Services.AddSingleton(ReplaySample.Load(checkedOptions.SampleFile ?? LiveViewPaths.FindUpwards(Path.Combine("data", "sample.csv"))!));
            // The same composition as `run`: the shared stages and the embedded edges, with the dashboard's feed.
            builder.Services.AddStreamGuardPipeline(streamGuard).AddEmbeddedEdges(new EmbeddedEdgeSettings(LiveFeed: feed));
            builder.Services.AddHostedService<EmbeddedPipelineService>();
        }
        else
        {
            builder.Services.AddAwsStores(builder.Configuration);
            builder.Services.AddHostedService<AwsLiveTailService>();
        }

        builder.Services.AddHostedService<DashboardBroadcastService>();
        builder.Services.AddHostedService<VerdictRepostService>();
        builder.Services.AddStreamGuardTelemetry(builder.Configuration, metrics => metrics.AddPrometheusExporter());
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, LiveViewJsonContext.Default));
        return builder;
    }

    public static WebApplication MapLiveView(this WebApplication app)
    {
        app.UseMiddleware<AccessMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true));
        app.MapHub<DashboardHub>(DashboardHub.Path);
        app.MapConsoleApi();
        app.MapGet("/health", () => Results.Ok("ok"));
        app.MapPrometheusScrapingEndpoint();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (string url in app.Urls)
            {
                Log.Listening(app.Logger, url);
                Console.WriteLine($"StreamGuard LiveView: open {url}");
            }
        });
        return app;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "StreamGuard LiveView listening on {Url}")]
        public static partial void Listening(ILogger logger, string url);
    }
}
