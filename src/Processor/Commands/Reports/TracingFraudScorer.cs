using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;

namespace StreamGuard.Processor.Commands.Reports;

/// <summary>
/// Passes each call to the scorer it wraps and keeps every labelled outcome (event time, score,
/// alert, label, reasons) for the evaluation report. Only alerts keep their reasons.
/// </summary>
public sealed class TracingFraudScorer : IFraudScorer
{
    private readonly IFraudScorer _inner;
    private readonly Lock _gate = new();
    private readonly List<ScoredPoint> _points = [];

    public TracingFraudScorer(IFraudScorer inner) => _inner = inner;

    public IReadOnlyList<ScoredPoint> Points
    {
        get
        {
            lock (_gate)
            {
                return [.. _points];
            }
        }
    }

    public FraudAssessment ScoreAndLearn(EnrichedTransaction transaction, in RawFeatures features)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        FraudAssessment assessment = _inner.ScoreAndLearn(transaction, in features);
        if (transaction.IsFraud is { } label)
        {
            var point = new ScoredPoint(transaction.TransactionId, transaction.EventTime, assessment.Score, assessment.IsAlert, label, assessment.IsAlert ? assessment.Reasons : []);
            lock (_gate)
            {
                _points.Add(point);
            }
        }

        return assessment;
    }
}
