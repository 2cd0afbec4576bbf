using System.Diagnostics;
using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;
using StreamGuard.Scoring.Models;
using StreamGuard.Processor.Tests.Scoring;

namespace StreamGuard.Benchmarks;

/// <summary>
/// Speed of the trained model on one thread: retraining on about 200k labelled rows (the online
/// retrainer's settings), the model's probability alone per transaction, and the whole scorer with
/// the model blended in.
/// </summary>
internal static class ModelSpeedReport
{
    public static int Run()
    {
        List<(EnrichedTransaction Transaction, RawFeatures Features)> stream = SyntheticCardStream.Generate(2_000, 60, seed: 77, fraudCardShare: 0.3);
        var set = new TrainingSet();
        var recorder = new TrainingRecorder(new OnlineFraudScorer(new ScoringOptions { Retrain = false }), set);
        foreach ((EnrichedTransaction t, RawFeatures f) in stream)
        {
            recorder.ScoreAndLearn(t, f);
        }

        var options = new ScoringOptions();
        long started = Stopwatch.GetTimestamp();
        TrainedModel trained = new FraudModelTrainer(new FraudModelTrainerSettings(Trees: options.RetrainTrees)).Train(set, "benchmark", DateTimeOffset.UnixEpoch);
        double trainSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        FraudModel model = trained.Model;

        double sink = 0;
        const int Rounds = 5;
        started = Stopwatch.GetTimestamp();
        for (int round = 0; round < Rounds; round++)
        {
            for (int i = 0; i < set.Count; i++)
            {
                sink += model.Trees.Predict(set.Row(i));
            }
        }

        double predictPerSecond = Rounds * set.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;

        var scorer = new OnlineFraudScorer(new ScoringOptions { Retrain = false }, model);
        started = Stopwatch.GetTimestamp();
        foreach ((EnrichedTransaction t, RawFeatures f) in stream)
        {
            sink += scorer.ScoreAndLearn(t, f).Score;
        }

        double scorerPerSecond = stream.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rows={set.Count} frauds={set.Frauds} trees={model.Trees.TreeCount} retrain_seconds={trainSeconds:0.0} model_predictions_per_second={predictPerSecond:0} scorer_with_model_per_second={scorerPerSecond:0} validation_pr_auc={model.Info.ValidationPrAuc:0.000} ({sink:0})"));
        return 0;
    }
}
