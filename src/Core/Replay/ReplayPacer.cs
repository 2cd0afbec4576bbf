namespace StreamGuard.Core.Replay;

/// <summary>Decides when each event may be sent: by a fixed rate, by scaled event time, or at once.</summary>
public sealed class ReplayPacer
{
    private readonly ReplayOptions _options;
    private readonly TimeProvider _time;
    private long _startTimestamp;
    private DateTimeOffset? _firstEventTime;
    private long _sent;

    public ReplayPacer(ReplayOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>How long to wait before sending the next event (zero when it is due).</summary>
    public TimeSpan DelayBefore(DateTimeOffset eventTime)
    {
        if (_sent++ == 0)
        {
            _startTimestamp = _time.GetTimestamp();
            _firstEventTime = eventTime;
            return TimeSpan.Zero;
        }

        TimeSpan due;
        if (_options.Rate is { } rate)
        {
            due = TimeSpan.FromSeconds((_sent - 1) / rate);
        }
        else if (_options.Speed is { } speed)
        {
            due = (eventTime - _firstEventTime!.Value) / speed;
        }
        else
        {
            return TimeSpan.Zero;
        }

        TimeSpan wait = due - _time.GetElapsedTime(_startTimestamp);
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }
}
