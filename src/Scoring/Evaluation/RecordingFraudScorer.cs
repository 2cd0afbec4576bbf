using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Scoring.Evaluation;

/// <summary>
/// Passes each call to the real scorer and notes the assessment with the label, as the score stage
/// saw it (scored before learned from), so evaluation measures the real pipeline and nothing else.
/// </summary>
public sealed class RecordingFraudScorer : IFraudScorer
{
    private readonly IFraudScorer _inner;
    private readonly PrequentialEvaluator _evaluator;

    public RecordingFraudScorer(IFraudScorer inner, PrequentialEvaluator evaluator)
    {
        _inner = inner;
        _evaluator = evaluator;
    }

    /// <summary>The scorer being recorded.</summary>
    public IFraudScorer Inner => _inner;

    public FraudAssessment ScoreAndLearn(EnrichedTransaction transaction, in RawFeatures features)
    {
        FraudAssessment assessment = _inner.ScoreAndLearn(transaction, in features);
        _evaluator.Add(assessment.Score, assessment.IsAlert, transaction.IsFraud, transaction.EventTime, transaction.Amount, transaction.CardId);
        return assessment;
    }

    public double? AlertThreshold => _inner.AlertThreshold;

    public void RekeyCard(string oldId, string newId) => _inner.RekeyCard(oldId, newId);

    public int LearnVerdicts(IReadOnlyList<FraudLabel> labels) => _inner.LearnVerdicts(labels);
}
