namespace StreamGuard.Insight.Windows;

/// <summary>
/// Sliding event-time windows per key (a customer, a card, a category): how many events and how
/// much money in the last <c>length</c> before each event. Each key keeps a small ring of its recent
/// events, so out-of-order events are counted correctly as long as the ring holds them. Keys idle
/// for longer than the window behind the newest event are dropped now and then, so state follows
/// the active keys. Not thread-safe: one stage task owns it.
/// </summary>
public sealed class SlidingVelocityWindow
{
    private readonly long _lengthTicks;
    private readonly int _capacity;
    private readonly Dictionary<string, Ring> _rings = new(StringComparer.Ordinal);
    private long _maxTicks;
    private long _lastSweepTicks;

    public SlidingVelocityWindow(TimeSpan length, int maxEventsPerKey = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventsPerKey, 1);
        _lengthTicks = length.Ticks;
        _capacity = maxEventsPerKey;
    }

    public int Keys => _rings.Count;

    /// <summary>Adds an event and returns the key's count and amount in (time - length, time], this event included.</summary>
    public VelocityStats Observe(string key, DateTimeOffset time, decimal amount)
    {
        long ticks = time.UtcTicks;
        if (!_rings.TryGetValue(key, out Ring? ring))
        {
            ring = new Ring(_capacity);
            _rings[key] = ring;
        }

        ring.Add(ticks, amount);
        _maxTicks = Math.Max(_maxTicks, ticks);
        VelocityStats stats = ring.Sum(ticks - _lengthTicks, ticks);
        if (_maxTicks - _lastSweepTicks > _lengthTicks)
        {
            Sweep();
        }

        return stats;
    }

    /// <summary>The key's count and amount in (time - length, time] without adding anything.</summary>
    public VelocityStats Peek(string key, DateTimeOffset time) =>
        _rings.TryGetValue(key, out Ring? ring) ? ring.Sum(time.UtcTicks - _lengthTicks, time.UtcTicks) : default;

    private void Sweep()
    {
        _lastSweepTicks = _maxTicks;
        long oldest = _maxTicks - _lengthTicks;
        foreach ((string key, Ring ring) in _rings)
        {
            if (ring.Newest <= oldest)
            {
                _rings.Remove(key);
            }
        }
    }

    private sealed class Ring(int capacity)
    {
        private readonly long[] _ticks = new long[capacity];
        private readonly decimal[] _amounts = new decimal[capacity];
        private int _next;
        private int _count;

        public long Newest { get; private set; } = long.MinValue;

        public void Add(long ticks, decimal amount)
        {
            _ticks[_next] = ticks;
            _amounts[_next] = amount;
            _next = (_next + 1) % _ticks.Length;
            _count = Math.Min(_count + 1, _ticks.Length);
            Newest = Math.Max(Newest, ticks);
        }

        public VelocityStats Sum(long afterTicks, long upToTicks)
        {
            int count = 0;
            decimal amount = 0;
            for (int i = 0; i < _count; i++)
            {
                long t = _ticks[i];
                if (t > afterTicks && t <= upToTicks)
                {
                    count++;
                    amount += _amounts[i];
                }
            }

            return new VelocityStats(count, amount);
        }
    }
}
