using System.Globalization;
using StreamGuard.LiveView.Models;

namespace StreamGuard.LiveView.Services;

/// <summary>Pipeline health: one point a second over the last minutes.</summary>
public sealed partial class DashboardState
{
    /// <summary>Points kept: three minutes at one a second.</summary>
    public const int HealthPoints = 180;

    private const int MaxLatencies = 4096;
    private readonly Queue<HealthPoint> _health = new();
    private readonly List<double> _latencies = new(256);
    private long _healthSince;
    private long _healthProcessed;

    private void AddLatency(double ms)
    {
        // Bounded: past the cap, the second's figures come from its first batches.
        if (_latencies.Count < MaxLatencies)
        {
            _latencies.Add(ms);
        }
    }

    private void SampleHealth(long now)
    {
        if (_healthSince == 0)
        {
            _healthSince = now;
            _healthProcessed = _processed;
            return;
        }

        TimeSpan elapsed = _time.GetElapsedTime(_healthSince, now);
        if (elapsed < TimeSpan.FromSeconds(1))
        {
            return;
        }

        double? p50 = null, p99 = null;
        if (_latencies.Count > 0)
        {
            _latencies.Sort();
            p50 = Math.Round(Percentile(0.50), 1);
            p99 = Math.Round(Percentile(0.99), 1);
            _latencies.Clear();
        }

        _health.Enqueue(new HealthPoint(_time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            Math.Round((_processed - _healthProcessed) / elapsed.TotalSeconds, 1), p50, p99, _deadLettered, _lateEvents, DroppedUpdates)
        {
            RecordsBehind = _lag.Count == 0 || _lag.Any(l => l.RecordsBehind is null) ? null : _lag.Sum(l => l.RecordsBehind),
            MillisBehind = _lag.Count == 0 ? null : _lag.Max(l => l.MillisBehind),
        });
        if (_health.Count > HealthPoints)
        {
            _health.Dequeue();
        }

        _healthSince = now;
        _healthProcessed = _processed;
    }

    private double Percentile(double q) => _latencies[Math.Min(_latencies.Count - 1, (int)Math.Ceiling(q * _latencies.Count) - 1)];
}
