using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Aws;
using StreamGuard.Core.Cli;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Composition;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Telemetry;

namespace StreamGuard.Processor.Commands;

/// <summary>`consume`: a long-running aws-mode worker sharing a Kinesis stream's shards with other workers through DynamoDB leases.</summary>
public static class ConsumeCommand
{
    public static Command Create()
    {
        var stream = new Option<string?>("--stream") { Description = "Kinesis stream name (StreamGuard:Aws:StreamName)." };
        var workerId = new Option<string?>("--worker-id") { Description = "This worker's name in the lease table (default: host name and process id)." };
        var bucket = new Option<string?>("--bucket") { Description = "S3 bucket of the archive and report feed (StreamGuard:Aws:Sinks:ArchiveBucket)." };
        var topic = new Option<string?>("--alert-topic-arn") { Description = "SNS topic for alerts (StreamGuard:Aws:Sinks:AlertTopicArn)." };
        var create = new Option<bool>("--create-resources") { Description = "Create the stream, tables and bucket when missing (local emulators)." };
        var shards = new Option<int?>("--shards") { Description = "Shards of the stream when --create-resources creates it." };
        var command = new Command("consume", "Run an aws-mode worker: read the Kinesis shards this worker leases, process them and write S3, DynamoDB, the report feed and SNS. Runs until Ctrl+C.")
        {
            stream, workerId, bucket, topic, create, shards,
        };
        command.SetAction(CommandLineApp.Guard((parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            Add(overrides, "StreamName", parse.GetValue(stream));
            Add(overrides, "Leases:WorkerId", parse.GetValue(workerId));
            Add(overrides, "Sinks:ArchiveBucket", parse.GetValue(bucket));
            Add(overrides, "Sinks:AlertTopicArn", parse.GetValue(topic));
            Add(overrides, "CreateResources", parse.GetValue(create) ? "true" : null);
            Add(overrides, "ShardCount", parse.GetValue(shards)?.ToString(CultureInfo.InvariantCulture));
            return RunAsync(overrides, cancellationToken);
        }));
        return command;
    }

    private static void Add(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[AwsWorkerOptions.Section + ":" + key] = value;
        }
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> overrides, CancellationToken commandToken)
    {
        using var signals = new TerminationSignals("Stopping: handing the leases over...");
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(commandToken, signals.Stop);
        IConfiguration configuration = ProcessorConfiguration.Build(overrides);
        // Keys named by a Secrets Manager secret or a KMS data key are fetched before the host binds its settings (docs/privacy.md).
        IReadOnlyDictionary<string, string?> keys = await AwsKeySource.ResolveAsync(
            name => configuration[name], () => AwsClientContext.FromOptions(configuration.GetSection(AwsOptionsValidator.SectionName).Get<AwsOptions>() ?? new AwsOptions()), stopping.Token).ConfigureAwait(false);
        if (keys.Count > 0)
        {
            configuration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(keys).Build();
        }

        using IHost host = Build(configuration);
        try
        {
            await host.StartAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"Invalid settings: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        await host.WaitForShutdownAsync(stopping.Token).ConfigureAwait(false);
        ConsumeWorkerService worker = host.Services.GetServices<IHostedService>().OfType<ConsumeWorkerService>().Single();
        if (worker.Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return signals.ExitCode;
    }

    /// <summary>
    /// The worker's host: the shared pipeline and the aws edges from <paramref name="configuration"/> (validated
    /// when the host starts), and the worker as a hosted service that hands its leases over on a graceful stop.
    /// </summary>
    public static IHost Build(IConfiguration configuration, ConsumeWorkerSettings? settings = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information);
        // Stopping drains and hands the leases over: give it longer than the lease release timeout.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(settings ?? ConsumeWorkerSettings.Default);
        builder.Services.AddStreamGuardPipeline(builder.Configuration).AddAwsEdges(builder.Configuration);
        builder.Services.AddStreamGuardTelemetry(builder.Configuration);
        builder.Services.AddHostedService<ConsumeWorkerService>();
        return builder.Build();
    }
}
