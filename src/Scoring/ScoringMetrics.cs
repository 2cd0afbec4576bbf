using System.Diagnostics.Metrics;

namespace StreamGuard.Scoring;

/// <summary>Fraud scoring metrics (meter <c>StreamGuard.Scoring</c>): transactions scored, alerts, the score distribution.</summary>
public sealed class ScoringMetrics : IDisposable
{
    public const string MeterName = "StreamGuard.Scoring";

    private readonly Meter _meter;
    private readonly Counter<long> _scored;
    private readonly Counter<long> _alerts;
    private readonly Histogram<double> _scores;

    /// <param name="meterFactory">The host's meter factory; a meter of this instance's own when null.</param>
    public ScoringMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _scored = _meter.CreateCounter<long>("streamguard.fraud.scored", "{transaction}", "Transactions scored for fraud");
        _alerts = _meter.CreateCounter<long>("streamguard.fraud.alerts", "{alert}", "fraud_suspected alerts raised");
        _scores = _meter.CreateHistogram<double>("streamguard.fraud.score", null, "Fraud scores in [0, 1]");
    }

    /// <summary>Used by stages built without DI.</summary>
    public static ScoringMetrics Shared { get; } = new();

    public void Scored(double score)
    {
        _scored.Add(1);
        _scores.Record(score);
    }

    public void Alerted() => _alerts.Add(1);

    public void Dispose() => _meter.Dispose();
}
