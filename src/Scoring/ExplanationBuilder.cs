using System.Globalization;

namespace StreamGuard.Scoring;

/// <summary>
/// Words an alert for a person: the factors that added most to the score, each with the numbers
/// behind it ("amount $912.00, 14x this card's typical $64.00").
/// </summary>
internal static class ExplanationBuilder
{
    private const double MinContribution = 0.05;

    public static IReadOnlyList<string> Build(in TransactionInput input, CardProfile? profile, PopulationPriors priors, in FeatureVector f, in Evidence evidence, double detector, int maxReasons)
    {
        var candidates = new List<(double Weight, string Text)>(7);
        bool known = profile is { Count: >= 3 };
        string category = priors.CategoryName(input.Category);
        if (evidence.Amount > MinContribution)
        {
            candidates.Add((evidence.Amount, AmountReason(in input, profile, priors, category, known)));
        }

        if (evidence.Hour > MinContribution)
        {
            string time = Invariant($"{input.Hour:00}:{input.Minute:00}");
            if (known)
            {
                var (start, end) = profile!.UsualHours();
                candidates.Add((evidence.Hour, Invariant($"{time}, this card is usually active {start:00}:00-{end:00}:00")));
            }
            else
            {
                candidates.Add((evidence.Hour, Invariant($"{time}, an unusual hour for {category}")));
            }
        }

        if (evidence.Category > MinContribution)
        {
            bool never = profile is null || profile.CategoryWeight(input.Category) <= 0;
            candidates.Add((evidence.Category, never ? $"first {category} purchase for this card" : $"{category} is rare for this card"));
        }

        if (evidence.Merchant > MinContribution)
        {
            candidates.Add((evidence.Merchant, "merchant not seen before on this card"));
        }

        if (evidence.Distance > MinContribution && input.DistanceKm is { } km)
        {
            string usual = profile is { Distance.Weight: > 0 } ? Invariant($", usually within {Math.Exp(profile.Distance.Mean) - 1:N0} km") : string.Empty;
            candidates.Add((evidence.Distance, Invariant($"merchant {km:N0} km from home{usual}")));
        }

        if (evidence.Velocity > MinContribution)
        {
            candidates.Add((evidence.Velocity, VelocityReason(in input, profile, in f)));
        }

        if (evidence.Detector > MinContribution)
        {
            candidates.Add((evidence.Detector, Invariant($"unusual combination of amount, hour and place across all cards (anomaly {detector:0.00})")));
        }

        if (evidence.Jump > MinContribution && input.DistanceKm is { } away)
        {
            double speed = Math.Exp(f[FeatureVector.LogJumpSpeed]) - 1;
            candidates.Add((evidence.Jump, Invariant($"merchant {away:N0} km from home, reachable from this card's last purchases only at {speed:N0} km/h")));
        }

        if (evidence.Testing > MinContribution)
        {
            int tests = (int)f[FeatureVector.TestCharges];
            candidates.Add((evidence.Testing, Invariant($"{tests} charge{(tests == 1 ? string.Empty : "s")} under ${FeatureExtractor.TestChargeLimit:N0} in the last hour, as when a stolen card is tested")));
        }

        if (evidence.Context > MinContribution)
        {
            candidates.Add((evidence.Context, "follows other unusual activity on this card in the last hours"));
        }

        candidates.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        var reasons = new List<string>(maxReasons);
        foreach (var (_, text) in candidates)
        {
            if (reasons.Count == maxReasons)
            {
                break;
            }

            reasons.Add(text);
        }

        if (reasons.Count == 0)
        {
            reasons.Add(Invariant($"amount ${input.Amount:N2} in {category} at {input.Hour:00}:{input.Minute:00} matches confirmed fraud cases"));
        }

        return reasons;
    }

    private static string AmountReason(in TransactionInput input, CardProfile? profile, PopulationPriors priors, string category, bool known)
    {
        var (catMean, catVariance) = priors.AmountPrior(input.Category);
        if (known)
        {
            double typical = Math.Exp(catMean + profile!.Amount.Shrink(0, catVariance, 4).Mean);
            return Ratio(input.Amount, typical, "this card's typical") + $" for {category}";
        }

        return Ratio(input.Amount, Math.Exp(catMean), $"the typical {category} purchase of");
    }

    private static string Ratio(double amount, double typical, string what) => amount >= typical
        ? Invariant($"amount ${amount:N2}, {amount / typical:0.#}x {what} ${typical:N2}")
        : Invariant($"amount ${amount:N2}, well below {what} ${typical:N2}");

    private static string VelocityReason(in TransactionInput input, CardProfile? profile, in FeatureVector f)
    {
        int in10 = (int)f[FeatureVector.Count10Minutes];
        int in1h = (int)f[FeatureVector.Count1Hour];
        int in24h = (int)f[FeatureVector.Count24Hours];
        if (in10 >= 1)
        {
            return Invariant($"{Ordinal(in10 + 1)} purchase in 10 minutes");
        }

        if (in1h >= 1)
        {
            return Invariant($"{Ordinal(in1h + 1)} purchase in the last hour");
        }

        double spend = (profile?.Recent(input.Ticks, FeatureExtractor.OneDay).Spend ?? 0) + input.Amount;
        return Invariant($"{Ordinal(in24h + 1)} purchase in 24 hours, ${spend:N2} in total");
    }

    private static string Ordinal(int n) => n switch
    {
        _ when n % 100 is 11 or 12 or 13 => Invariant($"{n}th"),
        _ when n % 10 == 1 => Invariant($"{n}st"),
        _ when n % 10 == 2 => Invariant($"{n}nd"),
        _ when n % 10 == 3 => Invariant($"{n}rd"),
        _ => Invariant($"{n}th"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
