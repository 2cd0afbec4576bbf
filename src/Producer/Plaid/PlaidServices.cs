using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Plaid;

/// <summary>
/// Builds the services the plaid commands use and checks their settings before any call, so a
/// missing credential or key stops the command with a message naming it.
/// </summary>
internal sealed class PlaidServices : IAsyncDisposable
{
    public const string EnvironmentVariable = "PLAID_ENV";
    public const string StateDirectoryVariable = "STREAMGUARD_STATE_DIR";
    public const string ItemsFileName = "plaid-items.json";
    public const string DeadLettersFileName = "plaid-dead-letters.ndjson";

    private readonly ServiceProvider _provider;

    private PlaidServices(ServiceProvider provider, PlaidItemStore store, string stateDirectory)
    {
        _provider = provider;
        Store = store;
        StateDirectory = stateDirectory;
    }

    public PlaidItemStore Store { get; }

    public string StateDirectory { get; }

    public PlaidOptions Options => _provider.GetRequiredService<IOptions<PlaidOptions>>().Value;

    public PlaidClient Client => _provider.GetRequiredService<PlaidClient>();

    public PlaidTransactionSyncer Syncer => _provider.GetRequiredService<PlaidTransactionSyncer>();

    public TimeProvider Time => _provider.GetRequiredService<TimeProvider>();

    public ILogger<T> Logger<T>() => _provider.GetRequiredService<ILogger<T>>();

    /// <summary>The services, or null after writing every problem with the settings to the error writer.</summary>
    public static async Task<PlaidServices?> TryCreateAsync(PlaidCommandContext context, string? environment, Uri? baseUrl, string? stateDirectory)
    {
        var settings = new Dictionary<string, string?>();
        if ((environment ?? context.Environment(EnvironmentVariable)) is { Length: > 0 } chosen)
        {
            settings[$"{PlaidOptions.SectionName}:{nameof(PlaidOptions.Environment)}"] = chosen;
        }

        if (baseUrl is not null)
        {
            settings[$"{PlaidOptions.SectionName}:{nameof(PlaidOptions.BaseUrl)}"] = baseUrl.AbsoluteUri;
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(context.ConfigureLogging);
        services.AddPlaidClient(configuration, context.Environment);
        ServiceProvider provider = services.BuildServiceProvider();

        var problems = new List<string>();
        try
        {
            _ = provider.GetRequiredService<IOptions<PlaidOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures);
        }

        PlaidTokenProtector? protector = null;
        try
        {
            protector = PlaidTokenProtector.FromEnvironment(context.Environment);
        }
        catch (PlaidTokenKeyException e)
        {
            problems.Add(e.Message);
        }

        if (problems.Count > 0 || protector is null)
        {
            foreach (string problem in problems)
            {
                await context.Error.WriteLineAsync("error: " + problem);
            }

            await provider.DisposeAsync();
            return null;
        }

        string directory = stateDirectory
            ?? context.Environment(StateDirectoryVariable)
            ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".streamguard");
        var store = new PlaidItemStore(Path.Combine(directory, ItemsFileName), protector, provider.GetRequiredService<TimeProvider>());
        return new PlaidServices(provider, store, directory);
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await _provider.DisposeAsync();
    }
}
