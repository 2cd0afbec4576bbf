using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;

namespace StreamGuard.Benchmarks;

/// <summary>Measures the managed memory the scorer keeps per card (profile, dictionary entry and card id).</summary>
internal static class CardMemoryReport
{
    public static int Run()
    {
        const int Cards = 200_000;
        var scorer = new OnlineFraudScorer(new ScoringOptions());
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Warm the fixed-size parts (priors, trees, threshold) before measuring.
        Score(scorer, "warm", 2_000, start);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        Score(scorer, "card", Cards, start);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        byte[] snapshot = scorer.Snapshot();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cards={scorer.CardCount} bytes_per_card={(after - before) / (double)Cards:0} (64-hex-char card ids included) snapshot_bytes_per_card={snapshot.Length / (double)scorer.CardCount:0}"));
        GC.KeepAlive(scorer);
        return 0;
    }

    private static void Score(OnlineFraudScorer scorer, string prefix, int cards, DateTimeOffset start)
    {
        for (int i = 0; i < cards; i++)
        {
            // Card ids as the pipeline makes them: a 64-character hex HMAC pseudonym.
            string card = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(prefix + i)));
            var transaction = new EnrichedTransaction
            {
                TransactionId = "t",
                EventTime = start.AddSeconds(i),
                Amount = 10 + (i % 90),
                Merchant = "m" + (i % 500).ToString(CultureInfo.InvariantCulture),
                CustomerId = card,
                CardId = card,
                SourceCategory = "grocery_pos",
            };
            scorer.ScoreAndLearn(transaction, new RawFeatures(5, 40, null));
        }
    }
}
