using StreamGuard.Core.Taxonomy;

namespace StreamGuard.Processor.Segments;

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
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < _k; c++)
        {
            string name = NameOf(_centroids[c]);
            int seen = used.GetValueOrDefault(name);
            used[name] = seen + 1;
            names[c] = seen == 0 ? name : $"{name} ({seen + 1})";
        }

        return names;
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
