using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Insight.Segments;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Segments;

public sealed class CustomerSegmenterTests
{
    private static readonly DateTimeOffset s_start = Tx.Utc("2026-03-01T00:00:00Z");

    private enum Kind
    {
        Traveller,
        FrequentSmall,
        HighSpender,
        Everyday,
    }

    private static readonly string[] s_everyday = [BudgetCategory.FoodAndDrink, BudgetCategory.GeneralMerchandise, BudgetCategory.Transportation, BudgetCategory.Entertainment, BudgetCategory.RentAndUtilities];

    // Each customer's transactions for `days` days, merged in time order.
    private static List<EnrichedTransaction> Population(int perKind, int days, int seed, Func<string, Kind, Kind>? switchTo = null, int switchDay = int.MaxValue)
    {
        var random = new Random(seed);
        var all = new List<EnrichedTransaction>();
        foreach (Kind kind in Enum.GetValues<Kind>())
        {
            for (int c = 0; c < perKind; c++)
            {
                string customer = $"{kind}-{c}";
                for (double day = random.NextDouble(); day < days; )
                {
                    Kind now = day >= switchDay && switchTo is not null ? switchTo(customer, kind) : kind;
                    (double perDay, decimal amount, string category) = now switch
                    {
                        Kind.Traveller => (1.0, 250m + random.Next(200), random.NextDouble() < 0.6 ? BudgetCategory.Travel : BudgetCategory.FoodAndDrink),
                        Kind.FrequentSmall => (8.0, 3m + random.Next(8), random.NextDouble() < 0.7 ? BudgetCategory.FoodAndDrink : BudgetCategory.Transportation),
                        Kind.HighSpender => (0.5, 700m + random.Next(600), BudgetCategory.GeneralMerchandise),
                        _ => (1.0, 25m + random.Next(40), s_everyday[random.Next(s_everyday.Length)]),
                    };
                    DateTimeOffset time = s_start.AddDays(day);
                    all.Add(Tx.Make($"{customer}-{all.Count}", time, amount, customer: customer, category: category));
                    day += -Math.Log(1 - random.NextDouble()) / perDay;
                }
            }
        }

        all.Sort((a, b) => a.EventTime.CompareTo(b.EventTime));
        return all;
    }

    [Fact]
    public void Observe_DistinctBehaviours_SegmentsNamedFromCentroids()
    {
        var segmenter = new CustomerSegmenter(new SegmentOptions { Clusters = 4 });
        foreach (EnrichedTransaction tx in Population(perKind: 40, days: 45, seed: 5))
        {
            segmenter.Observe(tx);
        }

        IReadOnlyList<SegmentInfo> segments = segmenter.Segments();
        Assert.Contains(segments, s => s.Name == "Traveller");
        Assert.Contains(segments, s => s.Name == "High spender");
        Assert.Contains(segments, s => s.Name == "Frequent small spender");
        Assert.Equal(160, segments.Sum(s => s.Customers));

        string described = string.Join("; ", segments.Select(s => $"{s.Name}: {s.Customers} customers, avg {s.AverageAmount}, {s.TransactionsPerWeek}/week"));
        Assert.True(Purity(segmenter, Kind.Traveller, "Traveller") >= 0.9, described);
        Assert.True(Purity(segmenter, Kind.HighSpender, "High spender") >= 0.9, described);
        Assert.True(Purity(segmenter, Kind.FrequentSmall, "Frequent small spender") >= 0.9, described);
    }

    [Fact]
    public void Observe_CustomerChangesBehaviour_SegmentChanges()
    {
        var segmenter = new CustomerSegmenter(new SegmentOptions { Clusters = 4 });
        List<EnrichedTransaction> stream = Population(perKind: 40, days: 80, seed: 9,
            switchTo: (customer, kind) => customer == "Everyday-0" ? Kind.Traveller : kind, switchDay: 40);
        string? before = null;
        foreach (EnrichedTransaction tx in stream)
        {
            if (before is null && tx.EventTime >= s_start.AddDays(39))
            {
                before = segmenter.SegmentOf("Everyday-0");
            }

            segmenter.Observe(tx);
        }

        Assert.NotNull(before);
        Assert.NotEqual("Traveller", before);
        Assert.Equal("Traveller", segmenter.SegmentOf("Everyday-0"));
        Assert.True(segmenter.Changes >= 1);
    }

    [Fact]
    public void Observe_TooFewTransactions_NoSegmentYet()
    {
        var segmenter = new CustomerSegmenter(new SegmentOptions { MinTransactions = 5 });
        for (int i = 0; i < 4; i++)
        {
            segmenter.Observe(Tx.Make("t" + i, s_start.AddHours(i), 10m));
        }

        Assert.Null(segmenter.SegmentOf("c1"));
        Assert.Empty(segmenter.Segments());
    }

    [Fact]
    public void Validate_BadSettings_NamesEachOne()
    {
        IReadOnlyList<string> errors = SegmentOptionsValidator.Validate(new SegmentOptions { Clusters = 0, ProfileSmoothing = 0, TimeZoneId = "Atlantis/Capital" });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Segments:Clusters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Segments:ProfileSmoothing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Atlantis/Capital", StringComparison.Ordinal));
    }

    private static double Purity(CustomerSegmenter segmenter, Kind kind, string expectedName)
    {
        int match = 0;
        for (int c = 0; c < 40; c++)
        {
            match += segmenter.SegmentOf($"{kind}-{c}") == expectedName ? 1 : 0;
        }

        return match / 40.0;
    }
}
