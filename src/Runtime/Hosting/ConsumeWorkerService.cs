using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// The `consume` worker as a hosted service: prepares the aws resources, runs the host-built
/// <see cref="AwsWorker"/> until the host stops, reports progress, and on a graceful stop hands its
/// leases over so other workers take its shards at once instead of after the lease duration.
/// </summary>
public sealed partial class ConsumeWorkerService : BackgroundService
{
    private static readonly TimeSpan s_releaseTimeout = TimeSpan.FromSeconds(10);
    private readonly AwsWorker _worker;
    private readonly ConsumeWorkerSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<ConsumeWorkerService> _logger;

    public ConsumeWorkerService(AwsWorker worker, ConsumeWorkerSettings settings, TimeProvider time, ILogger<ConsumeWorkerService> logger)
    {
        _worker = worker;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>Why the worker stopped on its own (not by a stop request), for the command's exit code.</summary>
    public Exception? Failure { get; private set; }

    public AwsWorker Worker => _worker;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _worker.PrepareAsync(stoppingToken).ConfigureAwait(false);
            Log.Started(_logger, _worker.Coordinator.WorkerId, _worker.Kinesis.StreamName, _worker.Coordinator.Table.TableName, _worker.Key.Id);
            using var stopReporting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            Task reporting = ReportAsync(stopReporting.Token);
            try
            {
                await _worker.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                await stopReporting.CancelAsync().ConfigureAwait(false);
                await reporting.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A stop request: the leases are handed over in StopAsync.
        }
        catch (Exception e)
        {
            Failure = e;
            throw;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        using var release = new CancellationTokenSource(s_releaseTimeout, _time);
        await _worker.ReleaseLeasesAsync(release.Token).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            string status = Status();
            Log.Stopped(_logger, status);
        }
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_settings.StatusInterval, _time, cancellationToken).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    string status = Status();
                    Log.Status(_logger, status);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker stopped.
        }
    }

    private string Status() => string.Create(
        CultureInfo.InvariantCulture,
        $"processed {_worker.Pipeline.Counters.Processed:N0}, dead-lettered {_worker.Pipeline.Counters.DeadLettered:N0}, alerts {_worker.Pipeline.Counters.Alerts:N0}; " +
        $"leases [{string.Join(", ", _worker.Coordinator.HeldShardIds.Order())}], reading [{string.Join(", ", _worker.Feed.ReadingShardIds.Order())}]; p50 {_worker.Pipeline.Counters.Latency.Percentile(0.5)} ms");

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "StreamGuard worker {WorkerId}: stream {Stream}, lease table {Table}, pseudonym key {KeyId}. Ctrl+C stops and hands the leases over.")]
        public static partial void Started(ILogger logger, string workerId, string stream, string table, string keyId);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{Status}")]
        public static partial void Status(ILogger logger, string status);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Stopped; leases released. {Status}")]
        public static partial void Stopped(ILogger logger, string status);
    }
}
