namespace StreamGuard.Runtime.Sources;

/// <summary>
/// Paces a source at a steady number of events per second (`run --rate`): record n is due at
/// start + n / rate. Timers tick in about a millisecond, so a record that is due within one
/// is sent at once and the pace holds on average, in short bursts at high rates.
/// </summary>
public sealed class SourcePacer
{
    private static readonly TimeSpan s_resolution = TimeSpan.FromMilliseconds(1);
    private readonly double _eventsPerSecond;
    private readonly TimeProvider _time;
    private long _started;
    private long _sent;

    public SourcePacer(double eventsPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventsPerSecond);
        _eventsPerSecond = eventsPerSecond;
        _time = time;
    }

    public double EventsPerSecond => _eventsPerSecond;

    /// <summary>Waits until the next record is due.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (_sent++ == 0)
        {
            _started = _time.GetTimestamp();
            return ValueTask.CompletedTask;
        }

        TimeSpan due = TimeSpan.FromSeconds((_sent - 1) / _eventsPerSecond);
        TimeSpan wait = due - _time.GetElapsedTime(_started);
        return wait < s_resolution ? ValueTask.CompletedTask : new ValueTask(Task.Delay(wait, _time, cancellationToken));
    }
}
