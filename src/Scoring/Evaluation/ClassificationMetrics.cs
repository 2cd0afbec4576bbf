namespace StreamGuard.Scoring.Evaluation;

/// <summary>Ranking and alert metrics for a scored, labelled stream (ties handled as scikit-learn does).</summary>
public static class ClassificationMetrics
{
    /// <summary>Area under the ROC curve: the chance a random fraud outscores a random non-fraud (ties count half).</summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        int[] order = SortedDescending(scores);
        long positives = labels.Count(l => l);
        long negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Walk from the highest score down; each negative counts the positives above it.
        double area = 0;
        long positivesAbove = 0;
        int i = 0;
        while (i < order.Length)
        {
            int j = i;
            long groupPositives = 0;
            long groupNegatives = 0;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                if (labels[order[j]])
                {
                    groupPositives++;
                }
                else
                {
                    groupNegatives++;
                }

                j++;
            }

            area += groupNegatives * (positivesAbove + (groupPositives / 2.0));
            positivesAbove += groupPositives;
            i = j;
        }

        return area / ((double)positives * negatives);
    }

    /// <summary>PR-AUC as average precision: the mean of precision at each recall step.</summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        int[] order = SortedDescending(scores);
        long positives = labels.Count(l => l);
        if (positives == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        long truePositives = 0;
        int i = 0;
        while (i < order.Length)
        {
            int j = i;
            long groupPositives = 0;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                if (labels[order[j]])
                {
                    groupPositives++;
                }

                j++;
            }

            truePositives += groupPositives;
            sum += groupPositives * (truePositives / (double)j);
            i = j;
        }

        return sum / positives;
    }

    /// <summary>Share of frauds among the top <paramref name="fraction"/> of events by score (at least one event).</summary>
    public static double RecallAtTopFraction(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double fraction)
    {
        long positives = labels.Count(l => l);
        if (positives == 0)
        {
            return double.NaN;
        }

        int[] order = SortedDescending(scores);
        int k = Math.Max(1, (int)Math.Ceiling(fraction * order.Length));
        long found = 0;
        for (int i = 0; i < k; i++)
        {
            if (labels[order[i]])
            {
                found++;
            }
        }

        return found / (double)positives;
    }

    /// <summary>Precision and recall of the alerts actually raised.</summary>
    public static (double Precision, double Recall) AtAlerts(IReadOnlyList<bool> alerts, IReadOnlyList<bool> labels)
    {
        long alerted = 0;
        long hits = 0;
        long positives = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            alerted += alerts[i] ? 1 : 0;
            positives += labels[i] ? 1 : 0;
            hits += alerts[i] && labels[i] ? 1 : 0;
        }

        return (alerted == 0 ? 0 : hits / (double)alerted, positives == 0 ? double.NaN : hits / (double)positives);
    }

    private static int[] SortedDescending(IReadOnlyList<double> scores)
    {
        int[] order = new int[scores.Count];
        double[] keys = new double[scores.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = -scores[i];
        }

        // Stable for equal scores, so recall-at-k does not depend on the sort's mood.
        Array.Sort(keys, order);
        return StableWithinTies(order, scores);
    }

    private static int[] StableWithinTies(int[] order, IReadOnlyList<double> scores)
    {
        int i = 0;
        while (i < order.Length)
        {
            int j = i + 1;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                j++;
            }

            Array.Sort(order, i, j - i);
            i = j;
        }

        return order;
    }
}
