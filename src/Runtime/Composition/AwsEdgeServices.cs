using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Aws;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;
using StreamGuard.Scoring;

namespace StreamGuard.Runtime.Composition;

/// <summary>aws mode's edges: Kinesis shards shared through DynamoDB leases, S3 state and archive, DynamoDB aggregates, the report feed, SNS, the live stream.</summary>
public static class AwsEdgeServices
{
    public static IServiceCollection AddAwsEdges(this IServiceCollection services, AwsEdgeSettings settings)
    {
        services.AddSingleton(settings);
        return services.AddAwsEdgeParts();
    }

    private static IServiceCollection AddAwsEdgeParts(this IServiceCollection services)
    {
        services.AddSingleton(new PipelineShape(WatermarkShards: 1));
        // Every worker must pseudonymise with the same key: aws mode never creates one (AwsWorker.RequirePseudonymKey).
        services.AddSingleton(sp =>
        {
            StreamGuardOptions options = sp.GetRequiredService<StreamGuardOptions>();
            return PseudonymKeyRing.Resolve(AwsWorker.RequirePseudonymKey(options), options.Privacy);
        });
        services.AddSingleton<AwsWorker>();
        return services;
    }

    /// <summary>
    /// aws edges for a host: the worker settings (StreamGuard:Aws) and the client settings (Aws) bound from
    /// <paramref name="configuration"/> and validated when the host starts.
    /// </summary>
    public static IServiceCollection AddAwsEdges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AwsWorkerOptions>().Bind(configuration.GetSection(AwsWorkerOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsWorkerOptions>, AwsWorkerOptionsValidator>());
        services.AddOptions<AwsOptions>().Bind(configuration.GetSection(AwsOptionsValidator.SectionName));
        services.AddSingleton(sp => AwsClientContext.FromOptions(sp.GetRequiredService<IOptions<AwsOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AwsEdgeSettings(sp.GetRequiredService<IOptions<AwsWorkerOptions>>().Value, sp.GetRequiredService<AwsClientContext>()));
        return services.AddAwsEdgeParts();
    }

    /// <summary>An aws worker outside a host (tests): the same registrations in a container of its own, which the worker disposes with itself.</summary>
    public static AwsWorker Create(StreamGuardOptions options, AwsEdgeSettings settings, ILoggerFactory loggers, TimeProvider time, IFraudScorer? scorer = null, INoiseSource? noise = null) =>
        OwnContainer.Build<AwsWorker>(options, loggers, time, scorer, noise, services => services.AddAwsEdges(settings), (built, container) => built.OwnContainer(container));
}
