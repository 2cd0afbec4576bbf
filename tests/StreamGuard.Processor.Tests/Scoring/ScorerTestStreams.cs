using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;

namespace StreamGuard.Processor.Tests.Scoring;

/// <summary>Small hand-made streams for scorer tests.</summary>
internal static class ScorerTestStreams
{
    public static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static (EnrichedTransaction Transaction, RawFeatures Features) Purchase(
        string card, DateTimeOffset at, decimal amount, string category = "grocery_pos", string merchant = "fraud_Kirlin", double distanceKm = 12, bool? fraud = false) =>
        (new EnrichedTransaction
        {
            TransactionId = $"{card}-{at.UtcTicks}",
            EventTime = at,
            Amount = amount,
            Merchant = merchant,
            CustomerId = card,
            CardId = card,
            SourceCategory = category,
            DistanceFromHomeKm = distanceKm,
            IsFraud = fraud,
        }, new RawFeatures(distanceKm, 40, null));

    /// <summary>A card with a steady habit: about $64 at a few nearby grocery merchants, between 10:00 and 18:00.</summary>
    public static IEnumerable<(EnrichedTransaction, RawFeatures)> Habit(string card, int days, int seed)
    {
        var random = new Random(seed);
        for (int day = 0; day < days; day++)
        {
            DateTimeOffset at = Start.AddDays(day).AddHours(10 + random.Next(8)).AddMinutes(random.Next(60));
            decimal amount = Math.Round((decimal)(64 * Math.Exp((random.NextDouble() - 0.5) * 0.4)), 2);
            yield return Purchase(card, at, amount, merchant: $"fraud_Local{random.Next(4)}", distanceKm: 5 + random.Next(20));
        }
    }

    public static List<FraudAssessment> ScoreAll(OnlineFraudScorer scorer, IEnumerable<(EnrichedTransaction Transaction, RawFeatures Features)> events)
    {
        var results = new List<FraudAssessment>();
        foreach (var (transaction, features) in events)
        {
            results.Add(scorer.ScoreAndLearn(transaction, in features));
        }

        return results;
    }
}
