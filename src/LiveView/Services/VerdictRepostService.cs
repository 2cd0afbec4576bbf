namespace StreamGuard.LiveView.Services;

/// <summary>Posts verdicts the scorer's inbox refused (full) or has not seen since a fresh start, every two seconds.</summary>
public sealed class VerdictRepostService : BackgroundService
{
    private readonly VerdictService _verdicts;
    private readonly TimeProvider _time;

    public VerdictRepostService(VerdictService verdicts, TimeProvider time)
    {
        _verdicts = verdicts;
        _time = time;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                _verdicts.PostWaiting();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
