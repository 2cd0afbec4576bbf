namespace StreamGuard.Processor.Scoring.Evaluation;

/// <summary>
/// Collects (score, alert, label) for each event as it is scored, before the scorer learns from it,
/// and turns them into an <see cref="EvaluationReport"/>. Events without a label are not counted.
/// </summary>
public sealed class PrequentialEvaluator
{
    private readonly List<double> _scores = [];
    private readonly List<bool> _labels = [];
    private readonly List<bool> _alerts = [];

    public int Count => _scores.Count;

    public void Add(double score, bool alert, bool? label)
    {
        if (label is not { } isFraud)
        {
            return;
        }

        _scores.Add(score);
        _alerts.Add(alert);
        _labels.Add(isFraud);
    }

    public EvaluationReport Report(TimeSpan elapsed)
    {
        long frauds = _labels.Count(l => l);
        long alerts = _alerts.Count(a => a);
        var (precision, recall) = ClassificationMetrics.AtAlerts(_alerts, _labels);
        return new EvaluationReport(
            _scores.Count,
            frauds,
            Round(ClassificationMetrics.RocAuc(_scores, _labels)),
            Round(ClassificationMetrics.AveragePrecision(_scores, _labels)),
            Round(ClassificationMetrics.RecallAtTopFraction(_scores, _labels, 0.01)),
            alerts,
            Round(precision),
            Round(recall),
            elapsed > TimeSpan.Zero ? Math.Round(_scores.Count / elapsed.TotalSeconds, 1) : 0);
    }

    private static double Round(double value) => double.IsNaN(value) ? value : Math.Round(value, 4);
}
