namespace StreamGuard.Scoring.Evaluation;

/// <summary>
/// The batch baselines the scorer is measured against, computed over the whole file at once (they
/// see every event in advance, which the streaming scorer never does): ranking by amount alone, and
/// an Isolation Forest over amount, hour, weekday and the card's mean amount over the file (the
/// issue's "seed 004" method).
/// </summary>
internal static class BatchBaselines
{
    public const string Amount = "amount";
    public const string IsolationForestName = "isolation_forest";

    /// <summary>Seeded, so a report is reproducible.</summary>
    public const ulong IsolationForestSeed = 4;

    public static Dictionary<string, BaselineFigures> Measure(IReadOnlyList<BaselineEvent> events, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(labels);
        var result = new Dictionary<string, BaselineFigures>(StringComparer.Ordinal);
        if (events.Count == 0)
        {
            return result;
        }

        double[] amounts = new double[events.Count];
        for (int i = 0; i < events.Count; i++)
        {
            amounts[i] = events[i].Amount;
        }

        result[Amount] = Figures(amounts, labels);
        result[IsolationForestName] = Figures(IsolationForestScores(events), labels);
        return result;
    }

    /// <summary>Isolation Forest scores (100 trees of 256 rows) over amount, hour, weekday and the card's mean amount.</summary>
    internal static double[] IsolationForestScores(IReadOnlyList<BaselineEvent> events)
    {
        var sums = new Dictionary<int, (double Sum, int Count)>();
        foreach (BaselineEvent e in events)
        {
            sums.TryGetValue(e.Card, out (double Sum, int Count) s);
            sums[e.Card] = (s.Sum + e.Amount, s.Count + 1);
        }

        var rows = new double[events.Count][];
        for (int i = 0; i < events.Count; i++)
        {
            BaselineEvent e = events[i];
            (double sum, int count) = sums[e.Card];
            rows[i] = [e.Amount, e.Hour, e.Weekday, sum / count];
        }

        IsolationForest forest = IsolationForest.Fit(rows, seed: IsolationForestSeed);
        double[] scores = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            scores[i] = forest.Score(rows[i]);
        }

        return scores;
    }

    private static BaselineFigures Figures(IReadOnlyList<double> scores, IReadOnlyList<bool> labels) => new(
        Round(ClassificationMetrics.AveragePrecision(scores, labels)),
        Round(ClassificationMetrics.RecallAtTopFraction(scores, labels, 0.01)),
        Round(ClassificationMetrics.RocAuc(scores, labels)));

    private static double Round(double value) => double.IsNaN(value) ? value : Math.Round(value, 4);
}
