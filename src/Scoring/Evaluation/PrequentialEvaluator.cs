namespace StreamGuard.Scoring.Evaluation;

/// <summary>
/// Collects (score, alert, label) for each event as it is scored, before the scorer learns from it,
/// and turns them into an <see cref="EvaluationReport"/>. Events without a label are not counted.
/// </summary>
public sealed class PrequentialEvaluator
{
    private readonly List<double> _scores = [];
    private readonly List<bool> _labels = [];
    private readonly List<bool> _alerts = [];
    private readonly List<int> _months = [];
    private readonly List<BaselineEvent> _baseline = [];
    private readonly Dictionary<string, int> _cards = new(StringComparer.Ordinal);

    public int Count => _scores.Count;

    public void Add(double score, bool alert, bool? label) => Add(score, alert, label, null);

    /// <summary>Adds a labelled event; with its event time it also counts towards its month's PR-AUC.</summary>
    public void Add(double score, bool alert, bool? label, DateTimeOffset? eventTime)
    {
        if (label is not { } isFraud)
        {
            return;
        }

        _scores.Add(score);
        _alerts.Add(alert);
        _labels.Add(isFraud);
        _months.Add(eventTime is { } t ? (t.UtcDateTime.Year * 100) + t.UtcDateTime.Month : 0);
    }

    /// <summary>
    /// Adds a labelled event with what the batch baselines need (amount, card), so the report also
    /// says how ranking by amount and an Isolation Forest do on the same events.
    /// </summary>
    public void Add(double score, bool alert, bool? label, DateTimeOffset eventTime, decimal amount, string cardId)
    {
        ArgumentNullException.ThrowIfNull(cardId);
        if (label is null)
        {
            return;
        }

        if (_baseline.Count != _scores.Count)
        {
            throw new InvalidOperationException("Events with and without baseline inputs cannot be mixed in one evaluation.");
        }

        Add(score, alert, label, eventTime);
        if (!_cards.TryGetValue(cardId, out int card))
        {
            card = _cards.Count;
            _cards[cardId] = card;
        }

        DateTime time = eventTime.UtcDateTime;
        _baseline.Add(new BaselineEvent(Math.Abs((double)amount), time.Hour, (int)time.DayOfWeek, card));
    }

    /// <summary>PR-AUC per calendar month (yyyy-MM) of the events added with a time; months without a fraud are left out.</summary>
    public IReadOnlyDictionary<string, double> PrAucByMonth()
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (IGrouping<int, int> month in Enumerable.Range(0, _months.Count).Where(i => _months[i] != 0).GroupBy(i => _months[i]))
        {
            double[] scores = month.Select(i => _scores[i]).ToArray();
            bool[] labels = month.Select(i => _labels[i]).ToArray();
            if (labels.Any(l => l))
            {
                result[string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{month.Key / 100:0000}-{month.Key % 100:00}")] = Round(ClassificationMetrics.AveragePrecision(scores, labels));
            }
        }

        return new Dictionary<string, double>(result);
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
            elapsed > TimeSpan.Zero ? Math.Round(_scores.Count / elapsed.TotalSeconds, 1) : 0)
        {
            PrAucByMonth = PrAucByMonth(),
            Baselines = _baseline.Count == _scores.Count ? BatchBaselines.Measure(_baseline, _labels) : new Dictionary<string, BaselineFigures>(),
        };
    }

    private static double Round(double value) => double.IsNaN(value) ? value : Math.Round(value, 4);
}
