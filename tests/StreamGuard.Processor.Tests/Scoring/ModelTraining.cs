using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;
using StreamGuard.Scoring.Models;

namespace StreamGuard.Processor.Tests.Scoring;

/// <summary>Small trained models for the model tests, computed once per run (training takes a few seconds).</summary>
internal static class ModelTraining
{
    private static readonly Lazy<(TrainingSet Set, TrainedModel Trained)> s_small = new(() =>
    {
        TrainingSet set = Record(SyntheticCardStream.Generate(150, 40, seed: 31, fraudCardShare: 0.4));
        TrainedModel trained = new FraudModelTrainer(new FraudModelTrainerSettings(Trees: 60, Seed: 7)).Train(set, "synthetic seed 31", new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        return (set, trained);
    });

    public static TrainingSet Set => s_small.Value.Set;

    public static TrainedModel Trained => s_small.Value.Trained;

    public static TrainingSet Record(IEnumerable<(EnrichedTransaction Transaction, RawFeatures Features)> stream)
    {
        var set = new TrainingSet();
        var recorder = new TrainingRecorder(new OnlineFraudScorer(new ScoringOptions { Retrain = false }), set);
        foreach ((EnrichedTransaction t, RawFeatures f) in stream)
        {
            recorder.ScoreAndLearn(t, f);
        }

        return set;
    }
}
