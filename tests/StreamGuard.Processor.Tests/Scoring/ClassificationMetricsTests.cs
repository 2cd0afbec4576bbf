using StreamGuard.Scoring.Evaluation;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class ClassificationMetricsTests
{
    private static readonly double[] s_scores = [0.9, 0.8, 0.7, 0.6];
    private static readonly bool[] s_labels = [true, false, true, false];

    [Fact]
    public void RocAuc_SmallExample_CountsOrderedPairs() =>
        Assert.Equal(0.75, ClassificationMetrics.RocAuc(s_scores, s_labels), 10);

    [Fact]
    public void AveragePrecision_SmallExample_AveragesPrecisionAtEachFraud() =>
        Assert.Equal((1.0 + (2.0 / 3)) / 2, ClassificationMetrics.AveragePrecision(s_scores, s_labels), 10);

    [Fact]
    public void Metrics_TiedScores_TreatTiesAsOneThreshold()
    {
        double[] scores = [0.5, 0.5, 0.1];
        bool[] labels = [false, true, false];

        Assert.Equal(0.75, ClassificationMetrics.RocAuc(scores, labels), 10);
        Assert.Equal(0.5, ClassificationMetrics.AveragePrecision(scores, labels), 10);
    }

    [Fact]
    public void RecallAtTopFraction_QuarterOfFour_TakesTopOne() =>
        Assert.Equal(0.5, ClassificationMetrics.RecallAtTopFraction(s_scores, s_labels, 0.25), 10);

    [Fact]
    public void AtAlerts_HalfRight_GivesPrecisionAndRecall()
    {
        var (precision, recall) = ClassificationMetrics.AtAlerts([true, true, false, false], s_labels);

        Assert.Equal(0.5, precision, 10);
        Assert.Equal(0.5, recall, 10);
    }

    [Fact]
    public void Metrics_PerfectRanking_AreOne()
    {
        double[] scores = [0.1, 0.9, 0.2, 0.8];
        bool[] labels = [false, true, false, true];

        Assert.Equal(1.0, ClassificationMetrics.RocAuc(scores, labels), 10);
        Assert.Equal(1.0, ClassificationMetrics.AveragePrecision(scores, labels), 10);
    }

    [Fact]
    public void PrequentialEvaluator_UnlabelledEvents_AreNotCounted()
    {
        var evaluator = new PrequentialEvaluator();
        evaluator.Add(0.9, true, true);
        evaluator.Add(0.1, false, false);
        evaluator.Add(0.5, true, null);

        EvaluationReport report = evaluator.Report(TimeSpan.FromSeconds(1));

        Assert.Equal(2, report.Events);
        Assert.Equal(1, report.Frauds);
        Assert.Equal(1, report.Alerts);
        Assert.Equal(1.0, report.PrAuc);
    }
}
