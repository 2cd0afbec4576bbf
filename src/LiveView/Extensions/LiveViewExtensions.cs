using Microsoft.Extensions.Options;
using StreamGuard.LiveView.Hubs;
using StreamGuard.LiveView.Models;
using StreamGuard.LiveView.Services;
using StreamGuard.Processor.Hosting;
using StreamGuard.Processor.Sinks.Live;

namespace StreamGuard.LiveView.Extensions;

/// <summary>Wires the dashboard: settings, the embedded pipeline, the broadcaster, SignalR and the page.</summary>
public static partial class LiveViewExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddLiveView(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // The dashboard keeps its own demo data folder unless one is configured.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StreamGuardOptions.Section}:DataDir"] = builder.Configuration[$"{StreamGuardOptions.Section}:DataDir"] ?? Path.Combine(".streamguard", "liveview"),
        });
        StreamGuardOptions streamGuard = ProcessorConfiguration.Load(builder.Configuration);
        builder.Services.AddSingleton(streamGuard);
        builder.Services.AddOptions<LiveViewOptions>().Bind(builder.Configuration.GetSection(LiveViewOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LiveViewOptions>, LiveViewOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new LiveFeed());
        builder.Services.AddSingleton(sp => new DashboardState(sp.GetRequiredService<IOptions<LiveViewOptions>>().Value.RecentCount, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<EmbeddedPipelineService>();
        builder.Services.AddHostedService<DashboardBroadcastService>();
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, LiveViewJsonContext.Default));
        return builder;
    }

    public static WebApplication MapLiveView(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapHub<DashboardHub>(DashboardHub.Path);
        app.MapGet("/health", () => Results.Ok("ok"));
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
