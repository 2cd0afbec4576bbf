using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Core.Aws;
using StreamGuard.Processor.Hosting;

namespace StreamGuard.Processor.Commands;

/// <summary>`consume`: a long-running aws-mode worker sharing a Kinesis stream's shards with other workers through DynamoDB leases.</summary>
internal static class ConsumeCommand
{
    private static readonly TimeSpan s_statusInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_releaseTimeout = TimeSpan.FromSeconds(10);

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
        command.SetAction((parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            Add(overrides, "StreamName", parse.GetValue(stream));
            Add(overrides, "Leases:WorkerId", parse.GetValue(workerId));
            Add(overrides, "Sinks:ArchiveBucket", parse.GetValue(bucket));
            Add(overrides, "Sinks:AlertTopicArn", parse.GetValue(topic));
            Add(overrides, "CreateResources", parse.GetValue(create) ? "true" : null);
            Add(overrides, "ShardCount", parse.GetValue(shards)?.ToString(CultureInfo.InvariantCulture));
            return RunAsync(overrides, cancellationToken);
        });
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
        CancellationToken cancellationToken = stopping.Token;
        IConfiguration configuration = ProcessorConfiguration.Build(overrides);
        StreamGuardOptions options;
        AwsWorkerOptions aws;
        AwsClientContext context;
        try
        {
            options = ProcessorConfiguration.Load(configuration);
            aws = LoadAws(configuration);
            var awsOptions = new AwsOptions();
            configuration.GetSection(AwsOptionsValidator.SectionName).Bind(awsOptions);
            AwsWorker.RequirePseudonymKey(options);
            context = AwsClientContext.FromOptions(awsOptions);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"Invalid settings: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        using (context)
        using (ILoggerFactory loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information)))
        {
            await using var worker = new AwsWorker(options, aws, context, loggers, TimeProvider.System);
            await worker.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(
                $"StreamGuard worker {aws.Leases.WorkerId}: stream {aws.StreamName}, lease table {aws.Leases.TableName}, pseudonym key {worker.Key.Id}. Ctrl+C stops and hands the leases over.").ConfigureAwait(false);
            Task running = worker.RunAsync(cancellationToken);
            using var stopReporting = new CancellationTokenSource();
            Task reporting = ReportAsync(worker, stopReporting.Token);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: hand the leases over below.
            }
            finally
            {
                await stopReporting.CancelAsync().ConfigureAwait(false);
                await reporting.ConfigureAwait(false);
            }

            using var release = new CancellationTokenSource(s_releaseTimeout);
            await worker.ReleaseLeasesAsync(release.Token).ConfigureAwait(false);
            await Console.Error.WriteLineAsync("Stopped; leases released. " + Status(worker)).ConfigureAwait(false);
        }

        return signals.ExitCode;
    }

    private static async Task ReportAsync(AwsWorker worker, CancellationToken cancellationToken)
    {
        using var status = new PeriodicTimer(s_statusInterval);
        try
        {
            while (await status.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync(Status(worker)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker stopped.
        }
    }

    private static AwsWorkerOptions LoadAws(IConfiguration configuration)
    {
        var aws = new AwsWorkerOptions();
        configuration.GetSection(AwsWorkerOptions.Section).Bind(aws);
        ValidateOptionsResult result = new AwsWorkerOptionsValidator().Validate(null, aws);
        return result.Failed ? throw new OptionsValidationException(AwsWorkerOptions.Section, typeof(AwsWorkerOptions), result.Failures) : aws;
    }

    private static string Status(AwsWorker worker) => string.Create(
        CultureInfo.InvariantCulture,
        $"processed {worker.Pipeline.Counters.Processed:N0}, dead-lettered {worker.Pipeline.Counters.DeadLettered:N0}, alerts {worker.Pipeline.Counters.Alerts:N0}; " +
        $"leases [{string.Join(", ", worker.Coordinator.HeldShardIds.Order())}], reading [{string.Join(", ", worker.Feed.ReadingShardIds.Order())}]; p50 {worker.Pipeline.Counters.Latency.Percentile(0.5)} ms");
}
