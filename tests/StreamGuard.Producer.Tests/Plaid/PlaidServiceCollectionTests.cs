using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

public sealed class PlaidServiceCollectionTests
{
    [Fact]
    public void AddPlaidClient_SecretInConfiguration_IsRefusedInFavourOfTheEnvironment()
    {
        using ServiceProvider provider = Build(new() { ["Plaid:Secret"] = "from-a-file" }, PlaidTestHost.Environment);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PlaidClient>());

        Assert.Contains(error.Failures, f => f.Contains("must not be set in configuration", StringComparison.Ordinal) && f.Contains("PLAID_SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain("from-a-file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPlaidClient_NoCredentialsInEnvironment_ResolvingTheClientNamesBothVariables()
    {
        using ServiceProvider provider = Build([], _ => null);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PlaidClient>());

        Assert.Contains(error.Failures, f => f.StartsWith("PLAID_CLIENT_ID is not set", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("PLAID_SECRET is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPlaidClient_ConfigurationAndEnvironment_BindsSettingsAndTakesCredentialsFromEnvironment()
    {
        using ServiceProvider provider = Build(new() { ["Plaid:Environment"] = "production", ["Plaid:SyncPageSize"] = "250" }, PlaidTestHost.Environment);

        PlaidOptions options = provider.GetRequiredService<IOptions<PlaidOptions>>().Value;

        Assert.Equal(("production", 250), (options.Environment, options.SyncPageSize));
        Assert.Equal((FakePlaidServer.ClientId, FakePlaidServer.Secret), (options.ClientId, options.Secret));
        Assert.Equal("https://production.plaid.com/", options.ResolveBaseUrl().AbsoluteUri);
        Assert.NotNull(provider.GetRequiredService<PlaidTransactionSyncer>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Func<string, string?> environment)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlaidClient(configuration, environment);
        return services.BuildServiceProvider();
    }
}
