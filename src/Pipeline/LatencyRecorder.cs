namespace StreamGuard.Pipeline;

/// <summary>A fixed-size log-bucket histogram of latencies (0.1 ms to about 100 s) for percentiles.</summary>
public sealed class LatencyRecorder
{
    private const int BucketsPerDecade = 20;
    private const double MinMs = 0.1;
    private readonly long[] _buckets = new long[(6 * BucketsPerDecade) + 1];
    private readonly Lock _lock = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double ms)
    {
        int bucket = ms <= MinMs ? 0 : Math.Min(_buckets.Length - 1, (int)Math.Ceiling(Math.Log10(ms / MinMs) * BucketsPerDecade));
        lock (_lock)
        {
            _buckets[bucket]++;
            _count++;
        }
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the records fall (bucket upper bound), or 0 when empty.</summary>
    public double Percentile(double quantile)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return 0;
            }

            long target = (long)Math.Ceiling(quantile * _count);
            long seen = 0;
            for (int i = 0; i < _buckets.Length; i++)
            {
                seen += _buckets[i];
                if (seen >= target)
                {
                    return Math.Round(MinMs * Math.Pow(10, (double)i / BucketsPerDecade), 2);
                }
            }

            return double.PositiveInfinity;
        }
    }
}
