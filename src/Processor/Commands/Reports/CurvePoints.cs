namespace StreamGuard.Processor.Commands.Reports;

/// <summary>Precision–recall and ROC curves from scores and labels, thinned to a drawable number of points.</summary>
internal static class CurvePoints
{
    /// <summary>(recall, precision) and (false-positive rate, true-positive rate) walking the threshold down from the top score.</summary>
    public static (List<(double X, double Y)> Pr, List<(double X, double Y)> Roc) Compute(IReadOnlyList<ScoredPoint> points, int maxPoints = 300)
    {
        ScoredPoint[] sorted = [.. points.OrderByDescending(p => p.Score)];
        long positives = sorted.LongCount(p => p.IsFraud);
        long negatives = sorted.Length - positives;
        var pr = new List<(double, double)>();
        var roc = new List<(double, double)> { (0, 0) };
        if (positives == 0 || negatives == 0)
        {
            return (pr, roc);
        }

        int step = Math.Max(1, sorted.Length / maxPoints);
        long tp = 0, fp = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].IsFraud)
            {
                tp++;
            }
            else
            {
                fp++;
            }

            // Only at the end of a run of equal scores is the threshold a real one.
            bool boundary = i == sorted.Length - 1 || sorted[i + 1].Score != sorted[i].Score;
            if (boundary && (i % step == 0 || i == sorted.Length - 1 || i < step))
            {
                pr.Add(((double)tp / positives, (double)tp / (tp + fp)));
                roc.Add(((double)fp / negatives, (double)tp / positives));
            }
        }

        return (pr, roc);
    }

    /// <summary>Share of each class per score bin, for the score distributions.</summary>
    public static (List<(double X, double Y)> Fraud, List<(double X, double Y)> Legit) Distributions(IReadOnlyList<ScoredPoint> points, int bins = 40)
    {
        var fraud = new double[bins];
        var legit = new double[bins];
        foreach (ScoredPoint p in points)
        {
            int bin = Math.Clamp((int)(p.Score * bins), 0, bins - 1);
            (p.IsFraud ? fraud : legit)[bin]++;
        }

        double nf = Math.Max(1, fraud.Sum()), nl = Math.Max(1, legit.Sum());
        return (Steps(fraud, nf), Steps(legit, nl));

        static List<(double, double)> Steps(double[] counts, double total)
        {
            var line = new List<(double, double)>();
            for (int b = 0; b < counts.Length; b++)
            {
                line.Add(((double)b / counts.Length, counts[b] / total));
                line.Add(((double)(b + 1) / counts.Length, counts[b] / total));
            }

            return line;
        }
    }

    /// <summary>The score above which the alerted share of events lies: the alert threshold in effect over the run.</summary>
    public static double EffectiveThreshold(IReadOnlyList<ScoredPoint> points)
    {
        int alerts = points.Count(p => p.Alert);
        if (alerts == 0)
        {
            return 1;
        }

        double[] sorted = [.. points.Select(p => p.Score).OrderByDescending(s => s)];
        return sorted[Math.Min(sorted.Length - 1, alerts - 1)];
    }
}
