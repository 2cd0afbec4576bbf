using System.Diagnostics;
using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;
using StreamGuard.Scoring.Evaluation;
using StreamGuard.Processor.Tests.Scoring;

namespace StreamGuard.Benchmarks;

/// <summary>Prequential quality of the scorer alone on files and synthetic streams, unsupervised and with 7-day labels.</summary>
internal static class ScorerQualityReport
{
    public static int Run(string[] files)
    {
        var sets = new List<(string Name, List<(EnrichedTransaction, RawFeatures)> Events)>();
        foreach (string file in files)
        {
            sets.Add((Path.GetFileName(file), ScoringSamples.LoadSorted(file)));
        }

        if (files.Length == 0)
        {
            sets.Add(("synthetic seed 1 (1500 cards, 120 days)", SyntheticCardStream.Generate(1500, 120, 1)));
            sets.Add(("synthetic seed 2 (800 cards, 365 days)", SyntheticCardStream.Generate(800, 365, 2)));
        }

        foreach (var (name, events) in sets)
        {
            foreach (TimeSpan? delay in new TimeSpan?[] { null, TimeSpan.FromDays(7) })
            {
                var scorer = new OnlineFraudScorer(new ScoringOptions { LabelDelay = delay });
                var evaluator = new PrequentialEvaluator();
                var watch = Stopwatch.StartNew();
                foreach (var (transaction, features) in events)
                {
                    FraudAssessment assessment = scorer.ScoreAndLearn(transaction, in features);
                    evaluator.Add(assessment.Score, assessment.IsAlert, transaction.IsFraud);
                }

                EvaluationReport report = evaluator.Report(watch.Elapsed);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-45} delay={(delay is null ? "none" : "7d"),-4} events={report.Events} frauds={report.Frauds} roc_auc={report.RocAuc:0.000} pr_auc={report.PrAuc:0.000} recall@1%={report.RecallAt1Pct:0.000} alerts={report.Alerts} p@alerts={report.PrecisionAtAlerts:0.000} r@alerts={report.RecallAtAlerts:0.000} eps={report.EventsPerSecond:N0}"));
            }
        }

        return 0;
    }
}
