using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Processor.Tests.Scoring;

/// <summary>
/// A small Sparkov-like generator for scorer tests and tuning: cards with their own habits (hours,
/// categories, amounts, merchants near home) and fraud episodes of three kinds: night sprees of
/// large online and grocery purchases, card testing (tiny amounts in minutes), far-away spending.
/// </summary>
internal static class SyntheticCardStream
{
    public static readonly string[] Categories =
    [
        "grocery_pos", "gas_transport", "home", "shopping_pos", "kids_pets", "shopping_net", "entertainment",
        "food_dining", "personal_care", "health_fitness", "misc_pos", "misc_net", "grocery_net", "travel",
    ];

    // Typical log amounts per category (Sparkov-like medians: groceries ~$100, online shopping ~$8-$80).
    private static readonly double[] s_logMedian = [4.5, 4.1, 3.9, 3.2, 3.8, 3.0, 3.9, 3.7, 3.4, 3.9, 2.9, 2.5, 3.9, 2.2];
    private static readonly double[] s_logSpread = [0.5, 0.35, 0.8, 1.3, 0.8, 1.4, 0.8, 0.7, 0.8, 0.8, 1.3, 1.4, 0.5, 1.6];

    public static List<(EnrichedTransaction Transaction, RawFeatures Features)> Generate(int cards, int days, int seed, double fraudCardShare = 0.25)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = new List<(EnrichedTransaction, RawFeatures)>(cards * days * 2);
        int id = 0;
        for (int c = 0; c < cards; c++)
        {
            string card = $"card-{seed}-{c:D6}";
            var home = new GeoPoint(30 + (random.NextDouble() * 15), -120 + (random.NextDouble() * 45));
            double rate = 0.4 + (random.NextDouble() * 2.6);
            bool nightOwl = random.NextDouble() < 0.12;
            int wake = nightOwl ? 14 : 6 + random.Next(4);
            int span = 10 + random.Next(6);
            double[] preference = [.. Categories.Select(_ => Math.Pow(random.NextDouble(), 2.5))];
            double total = preference.Sum();
            double personal = (random.NextDouble() - 0.5) * 0.8;
            int[] favourites = [.. Enumerable.Range(0, 6).Select(_ => random.Next(800))];
            for (int day = 0; day < days; day++)
            {
                int n = Poisson(random, rate);
                for (int k = 0; k < n; k++)
                {
                    int category = Pick(random, preference, total);
                    int hour = random.NextDouble() < 0.05 ? random.Next(24) : (wake + random.Next(span)) % 24;
                    double logAmount = s_logMedian[category] + personal + (Normal(random) * s_logSpread[category]);
                    int merchant = random.NextDouble() < 0.6 ? favourites[random.Next(favourites.Length)] : random.Next(800);
                    var at = start.AddDays(day).AddHours(hour).AddSeconds(random.Next(3600));
                    events.Add(Make(ref id, card, at, Math.Exp(logAmount), category, merchant, Near(random, home), home, false));
                }
            }

            if (random.NextDouble() < fraudCardShare)
            {
                AddEpisode(random, events, ref id, card, home, start.AddDays(7 + random.Next(Math.Max(1, days - 10))));
            }
        }

        events.Sort((a, b) => a.Item1.EventTime.CompareTo(b.Item1.EventTime));
        return events;
    }

    private static void AddEpisode(Random random, List<(EnrichedTransaction, RawFeatures)> events, ref int id, string card, GeoPoint home, DateTimeOffset start)
    {
        double kind = random.NextDouble();
        int count = 3 + random.Next(8);
        DateTimeOffset at = start.AddHours(22 + random.Next(5));
        for (int i = 0; i < count; i++)
        {
            int category;
            double amount;
            GeoPoint place = Near(random, home);
            if (kind < 0.6)
            {
                // Night spree, Sparkov's dominant fraud: large online and grocery purchases after 22:00.
                category = new[] { 5, 11, 0, 3 }[random.Next(4)];
                amount = category switch { 0 => 250 + (random.NextDouble() * 130), 11 => 680 + (random.NextDouble() * 220), _ => 700 + (random.NextDouble() * 400) };
                at = NextNightTime(random, at);
            }
            else if (kind < 0.8)
            {
                category = new[] { 1, 10 }[random.Next(2)];
                amount = 1 + (random.NextDouble() * 10);
                at = at.AddMinutes(1 + random.Next(6));
            }
            else
            {
                category = random.Next(Categories.Length);
                amount = Math.Exp(s_logMedian[category] + 1.5 + (random.NextDouble() * 1.5));
                place = new GeoPoint(home.Lat + 8 + (random.NextDouble() * 6), home.Lon + 10 + (random.NextDouble() * 10));
                at = at.AddHours(1 + random.Next(10));
            }

            events.Add(Make(ref id, card, at, amount, category, 800 + random.Next(200), place, home, true));
        }
    }

    private static DateTimeOffset NextNightTime(Random random, DateTimeOffset at)
    {
        DateTimeOffset next = at.AddMinutes(5 + random.Next(90));
        return next.Hour is >= 4 and < 22 ? next.Date.AddHours(22 + random.Next(2)).AddMinutes(random.Next(60)) : next;
    }

    private static (EnrichedTransaction, RawFeatures) Make(ref int id, string card, DateTimeOffset at, double amount, int category, int merchant, GeoPoint place, GeoPoint home, bool fraud)
    {
        double distance = home.DistanceKmTo(place);
        var transaction = new EnrichedTransaction
        {
            TransactionId = $"t{id++}",
            EventTime = at,
            Amount = Math.Round((decimal)amount, 2),
            Merchant = $"merchant-{merchant}",
            CustomerId = card,
            CardId = card,
            SourceCategory = Categories[category],
            DistanceFromHomeKm = distance,
            IsFraud = fraud,
        };
        return (transaction, new RawFeatures(distance, 40, home));
    }

    private static GeoPoint Near(Random random, GeoPoint home) => new(home.Lat + ((random.NextDouble() - 0.5) * 1.5), home.Lon + ((random.NextDouble() - 0.5) * 1.5));

    private static int Pick(Random random, double[] weights, double total)
    {
        double u = random.NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u <= 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static int Poisson(Random random, double mean)
    {
        double limit = Math.Exp(-mean);
        double p = 1;
        int k = 0;
        while ((p *= random.NextDouble()) > limit)
        {
            k++;
        }

        return k;
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
