namespace StreamGuard.LiveView.Services;

/// <summary>
/// Posts verdicts the scorer's inbox refused (full) or has not seen since a fresh start, and refreshes
/// the verdict counts shown, at start and every two seconds.
/// </summary>
public sealed partial class VerdictRepostService : BackgroundService
{
    private readonly VerdictService _verdicts;
    private readonly TimeProvider _time;
    private readonly ILogger<VerdictRepostService> _logger;

    public VerdictRepostService(VerdictService verdicts, TimeProvider time, ILogger<VerdictRepostService> logger)
    {
        _verdicts = verdicts;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), _time);
        try
        {
            do
            {
                try
                {
                    await _verdicts.PostWaitingAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Nothing is lost: the verdicts stay stored and waiting; the next tick tries again
                    // (in aws mode the table may still be being created, or DynamoDB may throttle).
                    Log.PostFailed(_logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Verdicts could not be read or posted; trying again in two seconds")]
        public static partial void PostFailed(ILogger logger, Exception exception);
    }
}
