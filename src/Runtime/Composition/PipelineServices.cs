using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;
using StreamGuard.Scoring;

namespace StreamGuard.Runtime.Composition;

/// <summary>
/// The one composition of the shared pipeline: settings, clock, noise, scorer, labels, insight
/// stages, counters and the stage chain. An edge (<see cref="EmbeddedEdgeServices"/>,
/// <see cref="AwsEdgeServices"/>) adds only what differs: the stream or lease feed, checkpoints,
/// state store, keys and sinks. `run`, `evaluate`, `consume` and LiveView all build their
/// pipeline through these registrations. A service registered before (a test's scorer or noise
/// source) wins over the default.
/// </summary>
public static class PipelineServices
{
    /// <summary>Registers the shared pipeline for settings already loaded and validated (<see cref="ProcessorConfiguration.Load"/>).</summary>
    public static IServiceCollection AddStreamGuardPipeline(this IServiceCollection services, StreamGuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        return services.AddSharedStages();
    }

    /// <summary>
    /// Registers the shared pipeline with settings bound from <paramref name="configuration"/> (the keys from the
    /// environment as <see cref="ProcessorConfiguration.Load"/> reads them) and validated when the host starts.
    /// </summary>
    public static IServiceCollection AddStreamGuardPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StreamGuardOptions>()
            .Configure(options => ProcessorConfiguration.Bind(configuration, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamGuardOptions>, StreamGuardOptionsValidator>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StreamGuardOptions>>().Value);
        return services.AddSharedStages();
    }

    private static IServiceCollection AddSharedStages(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.TryAddSingleton<INoiseSource>(SecureNoiseSource.Instance);
        services.TryAddSingleton<IFraudScorer>(sp => new OnlineFraudScorer(sp.GetRequiredService<StreamGuardOptions>().Scoring));
        services.TryAddSingleton<LabelInbox>();
        services.TryAddSingleton(sp => new ScoringMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new PipelineCounters(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new InsightStages(sp.GetRequiredService<StreamGuardOptions>().Insight, sp.GetRequiredService<PipelineShape>().WatermarkShards));
        services.TryAddSingleton(sp =>
        {
            StreamGuardOptions options = sp.GetRequiredService<StreamGuardOptions>();
            PseudonymKeyRing keys = sp.GetRequiredService<PseudonymKeyRing>();
            return new TransactionAnonymizer(new Pseudonymizer(keys.Current), options.Privacy, keys.PreviousPseudonymizers);
        });
        services.TryAddSingleton<StageChain>();
        return services;
    }
}
