using StreamGuard.Core.Taxonomy;

namespace StreamGuard.Insight.Segments;

public sealed partial class CustomerSegmenter
{
    /// <summary>The segments with names derived from their centroids, and how many customers each holds.</summary>
    public IReadOnlyList<SegmentInfo> Segments()
    {
        if (!_seeded)
        {
            return [];
        }

        string[] names = Names();
        var result = new List<SegmentInfo>(_k);
        for (int c = 0; c < _k; c++)
        {
            double[] centroid = _centroids[c];
            var shares = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [BudgetCategory.FoodAndDrink] = Math.Round(centroid[BehaviourFeatures.Food], 3),
                [BudgetCategory.Travel] = Math.Round(centroid[BehaviourFeatures.Travel], 3),
                [BudgetCategory.GeneralMerchandise] = Math.Round(centroid[BehaviourFeatures.Shopping], 3),
                [BudgetCategory.Entertainment] = Math.Round(centroid[BehaviourFeatures.Entertainment], 3),
                ["ESSENTIALS"] = Math.Round(centroid[BehaviourFeatures.Essentials], 3),
                ["NIGHT"] = Math.Round(centroid[BehaviourFeatures.Night], 3),
            };
            result.Add(new SegmentInfo(c, names[c], _sizes[c], Math.Round(Math.Exp(centroid[BehaviourFeatures.LogAmount]) - 1, 2),
                Math.Round(Math.Exp(centroid[BehaviourFeatures.LogPerWeek]) - 1, 2), shares));
        }

        return result;
    }

    /// <summary>Customers per segment name (names made unique).</summary>
    public IReadOnlyDictionary<string, int> Sizes() => Segments().ToDictionary(s => s.Name, s => s.Customers, StringComparer.Ordinal);

    private string[] Names()
    {
        string[] names = new string[_k];
        for (int c = 0; c < _k; c++)
        {
            names[c] = NameOf(_centroids[c]);
        }

        // Segments sharing a name are told apart by what sets each one off most from the customers overall.
        for (int c = 0; c < _k; c++)
        {
            int sharing = names.Count(n => n == names[c]);
            if (sharing > 1 && !names[c].Contains(',', StringComparison.Ordinal))
            {
                string baseName = names[c];
                for (int other = c; other < _k; other++)
                {
                    if (names[other] == baseName)
                    {
                        names[other] = $"{baseName}, {Trait(_centroids[other])}";
                    }
                }
            }
        }

        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < _k; c++)
        {
            int seen = used.GetValueOrDefault(names[c]);
            used[names[c]] = seen + 1;
            names[c] = seen == 0 ? names[c] : $"{names[c]} ({seen + 1})";
        }

        return names;
    }

    private string Trait(double[] c)
    {
        string trait = "typical";
        double strongest = 0;
        for (int j = 0; j < BehaviourFeatures.Count; j++)
        {
            double z = (c[j] - _mean[j]) / Spread(j);
            bool twoSided = j is BehaviourFeatures.LogAmount or BehaviourFeatures.LogPerWeek;
            if ((twoSided ? Math.Abs(z) : z) > strongest)
            {
                strongest = twoSided ? Math.Abs(z) : z;
                trait = j switch
                {
                    BehaviourFeatures.LogAmount => z > 0 ? "larger amounts" : "smaller amounts",
                    BehaviourFeatures.LogPerWeek => z > 0 ? "more often" : "less often",
                    BehaviourFeatures.Food => "more food and drink",
                    BehaviourFeatures.Travel => "more travel",
                    BehaviourFeatures.Shopping => "more shopping",
                    BehaviourFeatures.Entertainment => "more entertainment",
                    BehaviourFeatures.Essentials => "more bills and essentials",
                    _ => "more at night",
                };
            }
        }

        return trait;
    }

    // Rules, most distinctive first. Amount and frequency are judged against all customers (z-scores),
    // category mix and night share in absolute terms.
    private string NameOf(double[] c)
    {
        double zAmount = (c[BehaviourFeatures.LogAmount] - _mean[BehaviourFeatures.LogAmount]) / Spread(BehaviourFeatures.LogAmount);
        double zFrequency = (c[BehaviourFeatures.LogPerWeek] - _mean[BehaviourFeatures.LogPerWeek]) / Spread(BehaviourFeatures.LogPerWeek);
        if (c[BehaviourFeatures.Travel] >= 0.25)
        {
            return "Traveller";
        }

        if (zAmount >= 0.8)
        {
            return "High spender";
        }

        if (zFrequency >= 0.5 && zAmount <= 0)
        {
            return "Frequent small spender";
        }

        if (c[BehaviourFeatures.Night] >= 0.35)
        {
            return "Night owl";
        }

        if (c[BehaviourFeatures.Food] >= 0.5)
        {
            return "Foodie";
        }

        if (c[BehaviourFeatures.Shopping] >= 0.5)
        {
            return "Shopper";
        }

        if (c[BehaviourFeatures.Entertainment] >= 0.4)
        {
            return "Entertainment lover";
        }

        if (c[BehaviourFeatures.Essentials] >= 0.6)
        {
            return "Essentials payer";
        }

        return zFrequency <= -0.5 ? "Occasional spender" : "Everyday spender";
    }
}
