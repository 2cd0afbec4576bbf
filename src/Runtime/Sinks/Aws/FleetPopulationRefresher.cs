using Amazon.DynamoDBv2;
using Microsoft.Extensions.Logging;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// Keeps a worker's population view (the fleet's continual release) up with the nodes other workers
/// release while this worker's own shards bring no batch: asks the table every <see cref="Interval"/>.
/// A failed ask loses nothing (the view is read again next time; a claim left half-done is taken over
/// after its timeout), so it is logged and retried rather than stopping the worker.
/// </summary>
public sealed partial class FleetPopulationRefresher
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly PrivateCategoryReport _report;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FleetPopulationRefresher(PrivateCategoryReport report, TimeProvider time, ILogger logger)
    {
        _report = report;
        _time = time;
        _logger = logger;
    }

    /// <summary>Refreshes published since the start.</summary>
    public long Refreshes { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (await _report.RefreshPopulationAsync(cancellationToken).ConfigureAwait(false))
                    {
                        Refreshes++;
                    }
                }
                catch (AmazonDynamoDBException e)
                {
                    Log.RefreshFailed(_logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3090, Level = LogLevel.Warning, Message = "The population view could not be refreshed from the releases table (tried again in a second): {Reason}")]
        public static partial void RefreshFailed(ILogger logger, string reason);
    }
}
