using System.Globalization;

namespace StreamGuard.Scoring.Models;

/// <summary>
/// Words the trained model's strongest reasons for one score: each feature's contribution to the
/// log-odds (Saabas' path attribution), gathered by what a person would call one reason (the
/// amount, the hour, the recent pace, ...), and stated with the numbers behind it.
/// </summary>
internal static class ModelExplanation
{
    private const double MinContribution = 0.15;

    private enum Reason
    {
        None,
        Amount,
        Hour,
        Category,
        Pace,
        Distance,
        NewMerchant,
        Habit,
        Cardholder,
    }

    public static List<(double Weight, string Text)> Build(FraudModel model, in ModelRow row, string category, int maxReasons)
    {
        Span<double> contributions = stackalloc double[ModelFeatures.Count];
        contributions.Clear();
        model.Trees.Contributions(row, contributions);
        Span<double> byReason = stackalloc double[9];
        byReason.Clear();
        for (int i = 0; i < ModelFeatures.Count; i++)
        {
            byReason[(int)ReasonOf(i)] += contributions[i];
        }

        var reasons = new List<(double Weight, string Text)>(maxReasons);
        for (int k = 0; k < maxReasons; k++)
        {
            int best = 0;
            for (int r = 1; r < byReason.Length; r++)
            {
                if (byReason[r] > byReason[best])
                {
                    best = r;
                }
            }

            if (best == 0 || byReason[best] < MinContribution)
            {
                break;
            }

            reasons.Add((byReason[best], Describe((Reason)best, in row, category, byReason[best])));
            byReason[best] = double.NegativeInfinity;
        }

        return reasons;
    }

    private static string Describe(Reason reason, in ModelRow row, string category, double weight)
    {
        string because = Invariant($" (model +{weight:0.0})");
        switch (reason)
        {
            case Reason.Amount:
                return row[ModelFeatures.CardMeanAmount] > 0
                    ? Invariant($"${row[ModelFeatures.Amount]:N2} at {category}, {row[ModelFeatures.AmountOverCardMean]:0.#}x this card's average ${row[ModelFeatures.CardMeanAmount]:N2}{because}")
                    : Invariant($"${row[ModelFeatures.Amount]:N2} at {category} on a card with no history{because}");
            case Reason.Hour:
                int hour = (int)row[ModelFeatures.Hour];
                int minute = (int)Math.Round((row[ModelFeatures.Hour] - hour) * 60);
                return Invariant($"{category} at {hour:00}:{Math.Min(minute, 59):00}, an hour when such purchases are often fraudulent{because}");
            case Reason.Category:
                return Invariant($"{category} is a category fraud favours{because}");
            case Reason.Pace:
                return Invariant($"{row[ModelFeatures.Count1Hour]:0} purchases in the past hour and {row[ModelFeatures.Count24Hours]:0} in 24 h (${row[ModelFeatures.Spend24Hours]:N2}){because}");
            case Reason.Distance:
                return row[ModelFeatures.LogDistanceKm] >= 0
                    ? Invariant($"{Math.Exp(row[ModelFeatures.LogDistanceKm]) - 1:N0} km from home{because}")
                    : Invariant($"where the purchase happened{because}");
            case Reason.NewMerchant:
                return Invariant($"a merchant or category new to this card{because}");
            case Reason.Habit:
                return Invariant($"unlike this card's habits (online score {row[ModelFeatures.Unsupervised]:0.00}){because}");
            default:
                return Invariant($"the cardholder's profile (age band, home town size){because}");
        }
    }

    private static Reason ReasonOf(int feature) => feature switch
    {
        ModelFeatures.Amount or ModelFeatures.LogAmount or ModelFeatures.AmountOverCardMean or ModelFeatures.CardMeanAmount => Reason.Amount,
        ModelFeatures.ScorerFeatures + FeatureVector.AmountZCard or ModelFeatures.ScorerFeatures + FeatureVector.AmountZCategory => Reason.Amount,
        ModelFeatures.ScorerFeatures + FeatureVector.LogAmount or ModelFeatures.EvidenceAmount => Reason.Amount,
        ModelFeatures.Hour or ModelFeatures.Weekday or ModelFeatures.EvidenceHour => Reason.Hour,
        ModelFeatures.ScorerFeatures + FeatureVector.HourOfDay or ModelFeatures.ScorerFeatures + FeatureVector.Night or ModelFeatures.ScorerFeatures + FeatureVector.HourSurprise => Reason.Hour,
        ModelFeatures.CategoryCode or ModelFeatures.ScorerFeatures + FeatureVector.CategorySurprise or ModelFeatures.EvidenceCategory => Reason.Category,
        >= ModelFeatures.LogSecondsSincePrevious and <= ModelFeatures.Spend7Days => Reason.Pace,
        ModelFeatures.ScorerFeatures + FeatureVector.Count10Minutes or ModelFeatures.ScorerFeatures + FeatureVector.Count1Hour => Reason.Pace,
        ModelFeatures.ScorerFeatures + FeatureVector.Count24Hours or ModelFeatures.ScorerFeatures + FeatureVector.Spend24HoursRatio => Reason.Pace,
        ModelFeatures.ScorerFeatures + FeatureVector.LogHoursSincePrevious or ModelFeatures.ScorerFeatures + FeatureVector.TestCharges => Reason.Pace,
        ModelFeatures.EvidenceVelocity or ModelFeatures.EvidenceTesting => Reason.Pace,
        ModelFeatures.LogDistanceKm or ModelFeatures.ScorerFeatures + FeatureVector.LogDistance or ModelFeatures.ScorerFeatures + FeatureVector.DistanceZCard => Reason.Distance,
        ModelFeatures.ScorerFeatures + FeatureVector.LogJumpSpeed or ModelFeatures.EvidenceDistance or ModelFeatures.EvidenceJump => Reason.Distance,
        ModelFeatures.NewMerchant or ModelFeatures.NewCategory or ModelFeatures.ScorerFeatures + FeatureVector.NewMerchant => Reason.NewMerchant,
        ModelFeatures.AgeYears or ModelFeatures.LogCityPopulation => Reason.Cardholder,
        ModelFeatures.CardTransactions => Reason.Habit,
        _ => Reason.Habit,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
