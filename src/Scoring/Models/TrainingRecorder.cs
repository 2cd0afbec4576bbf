using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Scoring.Models;

/// <summary>
/// Runs the real scorer over a labelled stream without labels (so nothing a label taught leaks
/// into a feature) and records each labelled transaction's model features as the scorer computed
/// them before learning from it: the rows `train` fits a model to.
/// </summary>
internal sealed class TrainingRecorder : IFraudScorer
{
    private readonly OnlineFraudScorer _scorer;

    public TrainingRecorder(OnlineFraudScorer scorer, TrainingSet set)
    {
        _scorer = scorer;
        Set = set;
    }

    public TrainingSet Set { get; }

    public FraudAssessment ScoreAndLearn(EnrichedTransaction transaction, in RawFeatures features)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        FraudAssessment assessment = _scorer.ScoreAndLearn(transaction, in features);
        if (transaction.IsFraud is { } label)
        {
            Set.Add(in _scorer.LastRow, label, transaction.EventTime.UtcTicks);
        }

        return assessment;
    }
}
