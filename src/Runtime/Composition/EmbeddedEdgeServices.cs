using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Runtime.Composition;

/// <summary>Embedded mode's edges: the in-process stream, SQLite (state, checkpoints, outputs), the key folder and the folder sinks.</summary>
public static class EmbeddedEdgeServices
{
    public static IServiceCollection AddEmbeddedEdges(this IServiceCollection services, EmbeddedEdgeSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(sp => new PipelineShape(sp.GetRequiredService<StreamGuardOptions>().Stream.ShardCount));
        services.AddSingleton(sp => new SqliteStore(Path.GetFullPath(sp.GetRequiredService<StreamGuardOptions>().DataDir)));
        // The global models' versions in the folder's database: a retrained model outlives a state started over.
        services.AddSingleton(sp => new SharedModelSync(
            new SqliteSharedModelStore(sp.GetRequiredService<SqliteStore>()),
            "embedded",
            sp.GetRequiredService<StreamGuardOptions>().State.Interval,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("StreamGuard.Pipeline")));
        services.AddSingleton<EmbeddedKeys>();
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddedKeys>().Ring);
        services.AddSingleton(sp => new EmbeddedStream(sp.GetRequiredService<StreamGuardOptions>().Stream, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EmbeddedPipeline>();
        return services;
    }

    /// <summary>
    /// An embedded pipeline outside a host (`run`, `evaluate`, tests): the same registrations in a
    /// container of its own, which the pipeline disposes with itself.
    /// </summary>
    public static EmbeddedPipeline Create(StreamGuardOptions options, ILoggerFactory loggers, TimeProvider time, EmbeddedEdgeSettings settings, IFraudScorer? scorer = null, INoiseSource? noise = null) =>
        OwnContainer.Build<EmbeddedPipeline>(options, loggers, time, scorer, noise, services => services.AddEmbeddedEdges(settings), (built, container) => built.OwnContainer(container));
}
