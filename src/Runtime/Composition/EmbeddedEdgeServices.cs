using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Runtime.Sinks.Live;
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
        services.AddEmbeddedSinks(settings);
        services.AddSingleton<EmbeddedPipeline>();
        return services;
    }

    /// <summary>
    /// The sinks, in the order the pipeline hands them each batch: SQLite (transactions, aggregates, alerts, late
    /// events, dead letters, insight tables), the folder feeds (archive, alerts, late events, dead letters, insight
    /// outputs and the private report) and, with a dashboard, the live feed. The container owns them: it disposes them
    /// (flushing what they hold) before the database they write to.
    /// </summary>
    private static IServiceCollection AddEmbeddedSinks(this IServiceCollection services, EmbeddedEdgeSettings settings)
    {
        services.AddSingleton(sp =>
        {
            StreamGuardOptions options = sp.GetRequiredService<StreamGuardOptions>();
            return new PrivateCategoryReport(
                options.Privacy.Differential,
                new PrivacyBudgetLedger(Path.GetFullPath(options.DataDir)),
                sp.GetRequiredService<INoiseSource>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<EmbeddedStream>().ShardCount)
            {
                Continual = settings.LiveFeed is not null,
            };
        });
        // Each sink is registered once, as a sink, so the container disposes it once.
        services.AddSingleton<IBatchSink>(sp =>
        {
            StreamGuardOptions options = sp.GetRequiredService<StreamGuardOptions>();
            EmbeddedKeys keys = sp.GetRequiredService<EmbeddedKeys>();
            return new SqliteSink(
                sp.GetRequiredService<SqliteStore>(),
                new DeadLetterProtector(keys.Sealing, keys.Key),
                sp.GetRequiredService<TimeProvider>(),
                options.Insight.Windows,
                rekeying: keys.Ring.Previous.Count > 0,
                groupRecords: options.Pipeline.WriteGroupRecords);
        });
        services.AddSingleton<IBatchSink>(sp =>
        {
            EmbeddedKeys keys = sp.GetRequiredService<EmbeddedKeys>();
            var folder = new AppendingFolderFeedWriter(Path.GetFullPath(sp.GetRequiredService<StreamGuardOptions>().DataDir), sp.GetRequiredService<TimeProvider>());
            // Before anything runs: a process killed after its input was recorded consumed left committed lines in hidden files.
            folder.FinishLeftOpen();
            return FeedSinks.Create("files", _ => folder, new DeadLetterProtector(keys.Sealing, keys.Key), sp.GetRequiredService<PrivateCategoryReport>());
        });
        if (settings.LiveFeed is { } liveFeed)
        {
            services.AddSingleton<IBatchSink>(sp =>
            {
                StageChain chain = sp.GetRequiredService<StageChain>();
                return new LiveFeedSink(liveFeed, sp.GetRequiredService<PrivateCategoryReport>(), () => chain.Scorer.AlertThreshold,
                    new KAnonymityGate(sp.GetRequiredService<StreamGuardOptions>().Privacy.ReleaseMinClassSize));
            });
        }

        return services;
    }

    /// <summary>
    /// An embedded pipeline outside a host (`run`, `evaluate`, tests): the same registrations in a
    /// container of its own, which the pipeline disposes with itself.
    /// </summary>
    public static EmbeddedPipeline Create(StreamGuardOptions options, ILoggerFactory loggers, TimeProvider time, EmbeddedEdgeSettings settings, IFraudScorer? scorer = null, INoiseSource? noise = null) =>
        OwnContainer.Build<EmbeddedPipeline>(options, loggers, time, scorer, noise, services => services.AddEmbeddedEdges(settings), (built, container) => built.OwnContainer(container));
}
