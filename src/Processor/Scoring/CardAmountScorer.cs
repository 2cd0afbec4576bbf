using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Processor.Pipeline;

namespace StreamGuard.Processor.Scoring;

/// <summary>
/// A first honest per-card score: how far the amount lies from the card's running mean in log
/// space, in standard deviations. Cards with too little history are not scored.
/// </summary>
public sealed class CardAmountScorer : IFraudScorer
{
    private const int MinHistory = 5;
    private const double MinStdDev = 0.35;
    private const double AlertZ = 3.5;
    private readonly Dictionary<string, CardStats> _cards = new(StringComparer.Ordinal);

    public int CardCount => _cards.Count;

    public FraudAssessment ScoreAndLearn(EnrichedTransaction transaction, in RawFeatures features)
    {
        double amount = (double)Math.Abs(transaction.Amount);
        double x = Math.Log(1 + amount);
        _cards.TryGetValue(transaction.CardId, out CardStats stats);

        double score = 0;
        bool alert = false;
        IReadOnlyList<string> reasons = [];
        if (stats.Count >= MinHistory)
        {
            double std = Math.Max(MinStdDev, Math.Sqrt(stats.M2 / (stats.Count - 1)));
            double z = (x - stats.Mean) / std;
            score = Math.Clamp(z / (2 * AlertZ), 0, 1);
            alert = z >= AlertZ;
            if (alert)
            {
                double typical = Math.Exp(stats.Mean) - 1;
                reasons =
                [
                    string.Create(CultureInfo.InvariantCulture, $"amount ${amount:0.##}, {amount / Math.Max(typical, 0.01):0.#}x this card's typical ${typical:0.##}"),
                ];
            }
        }

        // Welford's update, after scoring: the event is judged on history only.
        stats.Count++;
        double delta = x - stats.Mean;
        stats.Mean += delta / stats.Count;
        stats.M2 += delta * (x - stats.Mean);
        _cards[transaction.CardId] = stats;
        return new FraudAssessment(score, alert, reasons);
    }

    private struct CardStats
    {
        public int Count;
        public double Mean;
        public double M2;
    }
}
