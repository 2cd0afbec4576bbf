namespace StreamGuard.Core.Cli;

/// <summary>Events per second from successive counts, smoothed so a bar does not flicker.</summary>
public sealed class RateMeter
{
    private readonly TimeProvider _time;
    private long _lastCount = -1;
    private long _lastTimestamp;
    private double _rate;

    public RateMeter(TimeProvider time) => _time = time;

    public double Next(long count)
    {
        long now = _time.GetTimestamp();
        if (_lastCount >= 0)
        {
            double seconds = _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
            if (seconds > 0)
            {
                double instant = Math.Max(0, count - _lastCount) / seconds;
                _rate = _rate == 0 ? instant : (0.7 * _rate) + (0.3 * instant);
            }
        }

        _lastCount = count;
        _lastTimestamp = now;
        return _rate;
    }
}
