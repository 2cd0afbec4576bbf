using System.Diagnostics.Metrics;

namespace StreamGuard.Pipeline;

/// <summary>
/// What the pipeline has done, as metrics (System.Diagnostics.Metrics, meter "StreamGuard.Processor")
/// and as totals for the run summary.
/// </summary>
public sealed class PipelineCounters : IDisposable
{
    public const string MeterName = "StreamGuard.Processor";
    private readonly Meter _meter;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _alerts;
    private readonly Histogram<double> _latency;
    private long _processedTotal;
    private long _deadLetteredTotal;
    private long _alertsTotal;
    private long _batches;

    public PipelineCounters(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _processed = _meter.CreateCounter<long>("streamguard.records.processed", "{record}", "Records every sink accepted");
        _deadLettered = _meter.CreateCounter<long>("streamguard.records.dead_lettered", "{record}", "Records sent to the dead-letter store");
        _alerts = _meter.CreateCounter<long>("streamguard.alerts", "{alert}", "Alerts raised");
        _latency = _meter.CreateHistogram<double>("streamguard.batch.latency", "ms", "From stream arrival to every sink accepting");
    }

    public long Processed => Interlocked.Read(ref _processedTotal);

    public long DeadLettered => Interlocked.Read(ref _deadLetteredTotal);

    public long Alerts => Interlocked.Read(ref _alertsTotal);

    public long Batches => Interlocked.Read(ref _batches);

    public LatencyRecorder Latency { get; } = new();

    public void BatchDone(int processed, int deadLettered, int alerts, double latencyMs)
    {
        Interlocked.Add(ref _processedTotal, processed);
        Interlocked.Add(ref _deadLetteredTotal, deadLettered);
        Interlocked.Add(ref _alertsTotal, alerts);
        Interlocked.Increment(ref _batches);
        _processed.Add(processed);
        _deadLettered.Add(deadLettered);
        _alerts.Add(alerts);
        _latency.Record(latencyMs);
    }

    public void Dispose() => _meter.Dispose();
}
