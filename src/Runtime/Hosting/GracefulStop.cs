namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// Asks a run to stop gracefully (Ctrl+C, SIGTERM): it reads nothing more, lets what it read reach
/// the sinks, saves its state and returns its summary. Distinct from cancellation, which abandons work.
/// </summary>
public sealed class GracefulStop : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public CancellationToken Token => _source.Token;

    public bool Requested => _source.IsCancellationRequested;

    public void Request() => _source.Cancel();

    public void Dispose() => _source.Dispose();
}
