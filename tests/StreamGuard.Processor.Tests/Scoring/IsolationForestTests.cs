using StreamGuard.Scoring.Evaluation;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class IsolationForestTests
{
    [Fact]
    public void AveragePathLength_KnownValues_MatchThePaper()
    {
        Assert.Equal(0, IsolationForest.AveragePathLength(1), 10);
        Assert.Equal(1, IsolationForest.AveragePathLength(2), 10);
        // c(256) = 2 H(255) - 2 * 255 / 256, with H(i) ~ ln(i) + Euler's constant.
        Assert.Equal(10.2448, IsolationForest.AveragePathLength(256), 3);
    }

    [Fact]
    public void Score_FarPointsBesideACluster_ScoreAboveNearlyAllClusterPoints()
    {
        var random = new Random(7);
        var rows = new List<double[]>();
        for (int i = 0; i < 2_000; i++)
        {
            rows.Add([Gaussian(random), Gaussian(random), Gaussian(random)]);
        }

        double[][] outliers = [[6, 6, 6], [-6, 6, -6], [5, -5, 5]];
        rows.AddRange(outliers);

        IsolationForest forest = IsolationForest.Fit(rows, seed: 4);

        // A point outside every subsample's range is isolated like the subsample's most extreme
        // points (so one odd in a single dimension ranks only with the cluster's fringe); one odd in
        // every dimension ranks with the farthest few cluster points, never in the crowd.
        double[] inliers = [.. rows.Take(2_000).Select(r => forest.Score(r)).Order()];
        double top2Percent = inliers[(int)(inliers.Length * 0.98)];
        foreach (double[] outlier in outliers)
        {
            Assert.True(forest.Score(outlier) > top2Percent, $"outlier {string.Join(",", outlier)} scored {forest.Score(outlier):0.000}; 98th percentile of the cluster {top2Percent:0.000}");
        }

        Assert.True(forest.Score([0, 0, 0]) < inliers[inliers.Length / 2], "the cluster's centre is more ordinary than its median point");
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Fit_SameSeed_SameScores_OtherSeed_OtherScores()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 1_000).Select(_ => new[] { random.NextDouble(), random.NextDouble() * 10 }).ToList();
        double[] probe = [0.9, 9.5];

        double a = IsolationForest.Fit(rows, seed: 4).Score(probe);
        double b = IsolationForest.Fit(rows, seed: 4).Score(probe);
        double c = IsolationForest.Fit(rows, seed: 5).Score(probe);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Report_EventsWithAmountAndCard_CarriesBothBaselines()
    {
        var evaluator = new PrequentialEvaluator();
        var start = new DateTimeOffset(2022, 1, 3, 12, 0, 0, TimeSpan.Zero);
        var random = new Random(11);
        for (int i = 0; i < 3_000; i++)
        {
            // Frauds are the dear purchases at night; the scorer under test (here a constant) knows nothing.
            bool fraud = i % 100 == 0;
            DateTimeOffset time = start.AddMinutes(i * 7);
            decimal spend = fraud ? 900m + (i % 50) : (decimal)(5 + (random.NextDouble() * 80));
            evaluator.Add(0.5, false, fraud, time, spend, "card-" + (i % 40));
        }

        EvaluationReport report = evaluator.Report(TimeSpan.FromSeconds(1));

        BaselineFigures amount = report.Baselines[BatchBaselines.Amount];
        BaselineFigures forest = report.Baselines[BatchBaselines.IsolationForestName];
        Assert.Equal(1.0, amount.PrAuc, 10);
        Assert.Equal(1.0, amount.RecallAt1Pct, 10);
        Assert.InRange(forest.RocAuc, 0.9, 1);
        Assert.InRange(report.PrAuc, 0, 0.05);
    }

    [Fact]
    public void Report_EventsWithoutAmounts_HasNoBaselines()
    {
        var evaluator = new PrequentialEvaluator();
        evaluator.Add(0.9, true, true);
        evaluator.Add(0.1, false, false);

        Assert.Empty(evaluator.Report(TimeSpan.FromSeconds(1)).Baselines);
    }
}
