using System.Runtime.InteropServices;

namespace StreamGuard.Processor.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for a long-running command: the first asks for a graceful stop,
/// a second one for an abort. The exit code follows the shell convention (130, 143).
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly string _stopping;
    private int _exitCode;

    public TerminationSignals(string stopping)
    {
        _stopping = stopping;
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal: stop gracefully.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>Cancelled by a second signal: abandon the work.</summary>
    public CancellationToken Abort => _abort.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM, 0 without a signal.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _exitCode, context.Signal == PosixSignal.SIGTERM ? 143 : 130, 0) != 0)
        {
            _abort.Cancel();
            return;
        }

        Console.Error.WriteLine(_stopping);
        _stop.Cancel();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
        _abort.Dispose();
    }
}
