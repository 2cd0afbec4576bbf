using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Scoring;

namespace StreamGuard.Runtime.Composition;

/// <summary>
/// A pipeline outside a host (`run`, `evaluate`, tests): the shared registrations and one edge's in a
/// container of its own, handed to the pipeline, which disposes it with itself. A scorer or noise
/// source given here replaces the default one.
/// </summary>
internal static class OwnContainer
{
    public static T Build<T>(StreamGuardOptions options, ILoggerFactory loggers, TimeProvider time, IFraudScorer? scorer, INoiseSource? noise, Action<IServiceCollection> addEdges, Action<T, IAsyncDisposable> adopt)
        where T : notnull
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddSingleton(time);
        if (scorer is not null)
        {
            services.AddSingleton(scorer);
        }

        if (noise is not null)
        {
            services.AddSingleton(noise);
        }

        addEdges(services.AddStreamGuardPipeline(options));
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            T built = provider.GetRequiredService<T>();
            adopt(built, provider);
            return built;
        }
        catch
        {
            // Asynchronously: the sinks are only IAsyncDisposable, and a synchronous Dispose would throw over the real error.
            provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }
}
