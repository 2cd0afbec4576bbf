using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace StreamGuard.Plaid;

/// <summary>Registers the Plaid client (typed HttpClient), its validated options and the syncer.</summary>
public static class PlaidServiceCollectionExtensions
{
    public static IServiceCollection AddPlaidClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddPlaidClient(configuration, Environment.GetEnvironmentVariable);

    /// <summary>As above, reading PLAID_CLIENT_ID and PLAID_SECRET through <paramref name="environment"/> (tests pass their own).</summary>
    public static IServiceCollection AddPlaidClient(this IServiceCollection services, IConfiguration configuration, Func<string, string?> environment)
    {
        IConfigurationSection section = configuration.GetSection(PlaidOptions.SectionName);
        services.AddOptions<PlaidOptions>()
            .Bind(section)
            .Configure(options =>
            {
                // Credentials come from the environment only; a value in a configuration file is refused by the validator.
                options.CredentialsInConfiguration = section[nameof(PlaidOptions.ClientId)] is not null || section[nameof(PlaidOptions.Secret)] is not null;
                options.ClientId = environment(PlaidOptions.ClientIdVariable);
                options.Secret = environment(PlaidOptions.SecretVariable);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlaidOptions>, PlaidOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<PlaidMetrics>();
        services.AddHttpClient<PlaidClient>((provider, http) =>
        {
            PlaidOptions options = provider.GetRequiredService<IOptions<PlaidOptions>>().Value;
            http.BaseAddress = options.ResolveBaseUrl();
            http.Timeout = options.RequestTimeout;
        });
        services.TryAddTransient<PlaidTransactionSyncer>();
        return services;
    }
}
