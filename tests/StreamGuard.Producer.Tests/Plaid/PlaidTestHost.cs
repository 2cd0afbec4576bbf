using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>A fake Plaid server plus the client and syncer wired to it through AddPlaidClient, logs captured.</summary>
internal sealed class PlaidTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public PlaidTestHost(int pageSize = 500, int maxRetries = 3, int maxMutationRestarts = 5)
    {
        FakePlaidServer server = FakePlaidServer.Start();
        Server = server;
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Plaid:Environment"] = "sandbox",
            ["Plaid:BaseUrl"] = server.BaseUrl.AbsoluteUri,
            ["Plaid:RetryBaseDelay"] = "00:00:00.002",
            ["Plaid:RetryMaxDelay"] = "00:00:00.020",
            ["Plaid:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Plaid:SyncPageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Plaid:MaxMutationRestarts"] = maxMutationRestarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Plaid:RequestTimeout"] = "00:00:20",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddPlaidClient(configuration, Environment);
        _provider = services.BuildServiceProvider();
    }

    public FakePlaidServer Server { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public PlaidClient Client => _provider.GetRequiredService<PlaidClient>();

    public PlaidTransactionSyncer Syncer => _provider.GetRequiredService<PlaidTransactionSyncer>();

    public System.Diagnostics.Metrics.IMeterFactory Meters => _provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    public static string? Environment(string name) => name switch
    {
        PlaidOptions.ClientIdVariable => FakePlaidServer.ClientId,
        PlaidOptions.SecretVariable => FakePlaidServer.Secret,
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
