using Amazon.DynamoDBv2;
using StreamGuard.Aws;
using StreamGuard.LiveView.Services;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.LiveView.Extensions;

/// <summary>Where the console reads drill-downs and keeps verdicts: the data folder embedded, the aws sinks' DynamoDB tables in aws mode.</summary>
public static class LiveViewStores
{
    public static IServiceCollection AddEmbeddedStores(this IServiceCollection services, StreamGuardOptions streamGuard)
    {
        services.AddSingleton<ConsoleDatabase>();
        services.AddSingleton<IConsoleReader>(sp => sp.GetRequiredService<ConsoleDatabase>());
        services.AddSingleton<IVerdictStore>(_ => new SqliteVerdictStore(Path.GetFullPath(streamGuard.DataDir)));
        return services;
    }

    /// <summary>aws mode: the same settings the workers read (Aws for endpoints, StreamGuard:Aws:Sinks for table names).</summary>
    public static IServiceCollection AddAwsStores(this IServiceCollection services, IConfiguration configuration)
    {
        var aws = new AwsOptions();
        configuration.GetSection(AwsOptionsValidator.SectionName).Bind(aws);
        var workers = new AwsWorkerOptions();
        configuration.GetSection(AwsWorkerOptions.Section).Bind(workers);
        services.AddSingleton(sp => AwsClientContext.FromOptions(aws, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAmazonDynamoDB>(sp => AwsSdkClients.DynamoDb(sp.GetRequiredService<AwsClientContext>()));
        services.AddSingleton(workers);
        services.AddSingleton<IConsoleReader>(sp => new DynamoDbConsoleReader(sp.GetRequiredService<IAmazonDynamoDB>(), workers.Sinks));
        services.AddSingleton(sp => new DynamoDbVerdictStore(sp.GetRequiredService<IAmazonDynamoDB>(), workers.Sinks.VerdictsTable));
        services.AddSingleton<IVerdictStore>(sp => sp.GetRequiredService<DynamoDbVerdictStore>());
        return services;
    }
}
