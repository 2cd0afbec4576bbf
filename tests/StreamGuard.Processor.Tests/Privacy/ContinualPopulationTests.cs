using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class ContinualPopulationTests : IDisposable
{
    private static readonly DateTimeOffset s_horizon = PrivacyBudgetLedger.HorizonStart(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(30));
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-cont-" + Guid.NewGuid().ToString("N"));
    private int _next;

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ContinualPopulationTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_dir);
    }

    private static DifferentialPrivacyOptions Options(double total = 10, double continual = 2) => new()
    {
        MinGroupSize = 1,
        TotalEpsilon = total,
        ContinualEpsilon = continual,
        ContinualStep = TimeSpan.FromHours(1),
        ContinualMaxTransactionsPerCustomer = 30,
        BudgetHorizon = TimeSpan.FromDays(30),
        AllowedLateness = TimeSpan.FromHours(1),
    };

    private PrivateCategoryReport Report(DifferentialPrivacyOptions options, INoiseSource noise) =>
        new(options, new PrivacyBudgetLedger(_dir), noise, TimeProvider.System, 1);

    private RecordBatch Batch(params (string Customer, string Category, decimal Amount, DateTimeOffset At, string? Age)[] rows) =>
        new("a", rows.Select(r =>
        {
            int i = Interlocked.Increment(ref _next);
            return new PipelineItem(new StreamRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "p", ReadOnlyMemory<byte>.Empty, r.At))
            {
                Output = new EnrichedTransaction
                {
                    TransactionId = "tx" + i,
                    EventTime = r.At,
                    Amount = r.Amount,
                    Merchant = "m",
                    CustomerId = r.Customer,
                    CardId = "card_" + r.Customer,
                    Category = r.Category,
                    AgeBand = r.Age,
                },
            };
        }).ToList());

    [Fact]
    public void DyadicCounter_ZeroNoise_RunningTotalsExactAndDrawsArePopcount()
    {
        int draws = 0;
        var counter = new DyadicCounter(100, 1, _ => { draws++; return 0; });
        long expected = 0;
        for (int t = 1; t <= 100; t++)
        {
            counter.Add(0, t);
            expected += t;
            counter.CompleteStep();
            Assert.Equal(expected, counter.Total(0));
            Assert.Equal(System.Numerics.BitOperations.PopCount((uint)t), counter.DrawsInTotal);
        }

        // One noise draw per completed node: exactly one per step.
        Assert.Equal(100, draws);
        Assert.Equal(7, DyadicCounter.Levels(100));
        Assert.Throws<InvalidOperationException>(counter.CompleteStep);
    }

    [Theory]
    [InlineData(30, 1)]
    [InlineData(30, 2)]
    [InlineData(30, 4)]
    [InlineData(720, 10)]
    public void DyadicCounter_AnyHeight_TotalsExactAndNoiseDrawsAsCounted(int steps, int height)
    {
        // Noise of 1 per node: a total's excess over the exact value is the number of nodes it sums.
        var counter = new DyadicCounter(steps, 1, _ => 1, height);
        long expected = 0;
        int previous = 0;
        for (int t = 1; t <= steps; t++)
        {
            counter.Add(0, t);
            expected += t;
            counter.CompleteStep();
            Assert.Equal(expected + counter.DrawsInTotal, counter.Total(0));
            Assert.Equal(DyadicCounter.Draws(t, height), counter.DrawsInTotal);
            Assert.InRange(counter.DrawsBetween(previous, t), 1, 2 * height);
            previous = t;
        }

        Assert.Equal(height, counter.Height);
    }

    [Fact]
    public void DyadicCounter_BestHeight_FlatForDailyLaplaceTreeForLongGaussian()
    {
        // Laplace: the per-node scale grows with h, so for 30 daily steps (and even 720) noising each step once wins.
        Assert.Equal(1, DyadicCounter.BestHeight(30, gaussian: false));
        // Gaussian: L2 grows with the square root of h, so a tree pays off.
        Assert.Equal(4, DyadicCounter.BestHeight(30, gaussian: true));
        Assert.True(DyadicCounter.BestHeight(720, gaussian: true) >= 5);
        // With h = 1 a day of the trend is exactly one noisy step.
        var flat = new DyadicCounter(30, 1, _ => 0, 1);
        Assert.Equal(1, flat.DrawsBetween(11, 12));
    }

    [Fact]
    public void ContinualContributions_OnePersonDoingEverything_StaysWithinTheConfiguredBounds()
    {
        var bound = new ContinualContributions(maxTransactions: 60, dailyCategoryClamp: 150m, maxCategories: 6, maxAmount: 3000m);
        long count = 0, cents = 0, customers = 0;
        int newPerson = 0;
        // 30 days x 18 categories x 5 purchases of $400: far above every bound.
        for (int day = 0; day < 30; day++)
        {
            for (int category = 0; category < ReleaseCategories.All.Count; category++)
            {
                for (int k = 0; k < 5; k++)
                {
                    Contribution c = bound.Add("heavy", category, 400m, 19_710 + day);
                    count += c.Count;
                    cents += c.Cents;
                    customers += c.Customer;
                    newPerson += c.NewPerson ? 1 : 0;
                }
            }
        }

        Assert.Equal(1, newPerson);
        Assert.Equal(60, count);
        Assert.True(cents <= bound.AmountBoundCents, $"{cents} cents over {bound.AmountBoundCents}");
        Assert.Equal(6, customers);
        // A small purchase under the clamp counts whole; a second one that day in that category only up to the clamp.
        var light = new ContinualContributions(60, 150m, 6, 250m);
        Assert.Equal(10_000, light.Add("p", 7, 100m, 1).Cents);
        Assert.Equal(5_000, light.Add("p", 7, 100m, 1).Cents);
        Assert.Equal(10_000, light.Add("p", 7, 100m, 2).Cents);
        // The horizon cap ($250 in all): $250 counted so far, so the next purchase adds nothing.
        Assert.Equal(0, light.Add("p", 8, 100m, 3).Cents);
        Assert.Equal(300_000, bound.AmountBoundCents);
    }

    [Fact]
    public void DyadicCounter_OneStepsData_ReachesAtMostOneNodePerLevel()
    {
        // Put a marker in step 13 only and watch which completed nodes carry it.
        const int Steps = 64;
        var counter = new DyadicCounter(Steps, 1, _ => 0);
        var levelsWithMarker = new List<int>();
        long previous = 0;
        for (int t = 1; t <= Steps; t++)
        {
            if (t == 13)
            {
                counter.Add(0, 1);
            }

            counter.CompleteStep();
            int level = System.Numerics.BitOperations.TrailingZeroCount(t);
            long total = counter.Total(0);
            // The node just completed covers steps (t - 2^level, t]; it holds the marker iff 13 is inside.
            if (t - (1 << level) < 13 && 13 <= t)
            {
                levelsWithMarker.Add(level);
            }

            Assert.Equal(t >= 13 ? 1 : 0, total);
            previous = total;
        }

        Assert.Equal(1, previous);
        // Nodes (13,13], (12,14], (0,16], (0,32], (0,64]: distinct levels, no more than the tree has.
        Assert.Equal([0, 1, 4, 5, 6], levelsWithMarker);
        Assert.True(levelsWithMarker.Count <= DyadicCounter.Levels(Steps));
    }

    [Fact]
    public void DyadicCounter_SeededNoise_RunningTotalErrorGrowsLikeLogTNotT()
    {
        // 1024 steps, noise scale 1: the error of the running total at the end is a sum of at most 11 draws.
        var noise = new SeededNoiseSource(3);
        double[] errors = new double[400];
        for (int run = 0; run < errors.Length; run++)
        {
            var counter = new DyadicCounter(1024, 1, _ => noise.DiscreteLaplace(1, 1));
            for (int t = 0; t < 1023; t++)
            {
                counter.CompleteStep();
            }

            errors[run] = counter.Total(0);
        }

        double std = Math.Sqrt(errors.Average(e => e * e));
        // 1023 = ten 1-bits: variance 10 x 2p/(1-p)² with p = e^-1 (about 18.4): std about 4.3; a per-step sum would give about 43.
        Assert.InRange(std, 3.5, 5.2);
    }

    [Fact]
    public async Task Observe_HoursOfData_PopulationReleaseCoversEveryCategoryAndSegmentWithErrorsAndBudget()
    {
        DifferentialPrivacyOptions options = Options();
        PrivateCategoryReport report = Report(options, new FixedNoiseSource());
        (string, string, decimal, DateTimeOffset, string?)[] rows = Enumerable.Range(0, 48 * 10)
            .Select(i => ($"c{i % 10}", i % 2 == 0 ? "FOOD_AND_DRINK" : "TRAVEL", 10m, s_horizon.AddMinutes(6 * i), (string?)(i % 10 < 4 ? "30-39" : null)))
            .ToArray();

        await report.ObserveAsync(Batch(rows), CancellationToken.None).WaitAsync(s_timeout);
        PopulationRelease population = Assert.IsType<PopulationRelease>(report.Population);

        Assert.Equal(ReleaseCategories.All, population.Categories.Select(c => c.Key));
        Assert.Equal(ContinualPopulation.Segments, population.Segments.Select(s => s.Key));
        Assert.Equal(s_horizon, population.PeriodStart);
        Assert.Equal(s_horizon.AddDays(30), population.PeriodEnd);
        // The last transaction is at 47:54, so 47 whole steps are complete; each customer's first 30 count.
        Assert.Equal(s_horizon.AddHours(47), population.AsOf);
        PopulationValue food = population.Categories.Single(c => c.Key == "FOOD_AND_DRINK");
        PopulationValue travel = population.Categories.Single(c => c.Key == "TRAVEL");
        Assert.Equal(300, food.Count + travel.Count); // 10 customers x 30 (the rest is over the per-horizon bound)
        Assert.Equal(3000m, food.Amount + travel.Amount);
        Assert.Equal(4, population.Segments.Single(s => s.Key == "30-39").Count);
        Assert.Equal(6, population.Segments.Single(s => s.Key == "unknown").Count);
        Assert.Equal([s_horizon.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)], population.Trend.Select(t => t.Key));
        Assert.Equal((2400m, 240L), (population.Trend[0].Amount, population.Trend[0].Count)); // day one: 24 per customer, under the bounds
        Assert.Equal(10, food.Customers + travel.Customers);
        Assert.True(food.CountError95 > 0 && food.AmountError95 > 0);
        Assert.Equal(2.0, population.EpsilonSpent, 9);
        Assert.Equal(10.0, population.EpsilonBudget);
        Assert.False(population.BudgetExhausted);
        Assert.Single(report.Ledger.Entries, e => e.Query == ContinualPopulation.Query);
    }

    [Fact]
    public async Task Observe_RestartsUntilBudgetSpent_ThenPopulationSaysExhaustedAndHoldsNoValues()
    {
        DifferentialPrivacyOptions options = Options(total: 5, continual: 2);
        (string, string, decimal, DateTimeOffset, string?)[] rows = [("c1", "FOOD_AND_DRINK", 10m, s_horizon.AddHours(3), null)];

        for (int start = 0; start < 2; start++)
        {
            PrivateCategoryReport report = Report(options, new FixedNoiseSource());
            await report.ObserveAsync(Batch(rows), CancellationToken.None).WaitAsync(s_timeout);
            Assert.False(report.Population!.BudgetExhausted);
        }

        // Two instances paid (4 of 5): a third start cannot pay another 2.
        PrivateCategoryReport third = Report(options, new FixedNoiseSource());
        await third.ObserveAsync(Batch(rows), CancellationToken.None).WaitAsync(s_timeout);

        PopulationRelease population = third.Population!;
        Assert.True(population.BudgetExhausted);
        Assert.Empty(population.Categories);
        Assert.Equal(4.0, population.EpsilonSpent, 9);
        Assert.Equal(2, new PrivacyBudgetLedger(_dir).Entries.Count(e => e.Query == ContinualPopulation.Query));
    }

    [Fact]
    public async Task Observe_TenCustomersDefaultBounds_NoiseExceedsSignal()
    {
        PrivateCategoryReport report = Report(Options(), new FixedNoiseSource());
        (string, string, decimal, DateTimeOffset, string?)[] rows = Enumerable.Range(0, 300)
            .Select(i => ($"c{i % 10}", "FOOD_AND_DRINK", 50m, s_horizon.AddMinutes(6 * i), (string?)null))
            .ToArray();

        await report.ObserveAsync(Batch(rows), CancellationToken.None).WaitAsync(s_timeout);
        PopulationRelease population = Assert.IsType<PopulationRelease>(report.Population);

        // Running totals cover the completed hourly steps only: the last, open step is not in them yet.
        // Hourly steps complete up to hour 29: each customer's $1,200 of day one counts $1,000 (the daily category clamp), and 5 hours of day two $250.
        Assert.Equal(12_500m, population.Categories.Sum(c => c.Amount));
        _output.WriteLine($"10 customers, default bounds: error95 {population.Categories[0].AmountError95} per category, average category {population.Categories.Sum(c => c.Amount) / 18:0}");
        Assert.True(population.NoiseExceedsSignal, $"error {population.Categories[0].AmountError95} against an average category of {12_500m / 18}");
    }

    [Fact]
    public async Task Observe_FiveThousandCustomersTightBounds_SignalAboveNoise()
    {
        DifferentialPrivacyOptions options = Options(total: 10, continual: 9);
        options.ContinualDailyCategoryClamp = 30m;
        options.ContinualMaxTransactionsPerCustomer = 2;
        PrivateCategoryReport report = Report(options, new FixedNoiseSource());
        (string, string, decimal, DateTimeOffset, string?)[] rows = Enumerable.Range(0, 10_000)
            .Select(i => ($"c{i % 5000}", i % 2 == 0 ? "FOOD_AND_DRINK" : "TRAVEL", 15m, s_horizon.AddSeconds(17 * i), (string?)null))
            .ToArray();

        await report.ObserveAsync(Batch(rows), CancellationToken.None).WaitAsync(s_timeout);
        PopulationRelease population = Assert.IsType<PopulationRelease>(report.Population);

        Assert.InRange(population.Categories.Sum(c => c.Amount), 135_000m, 150_000m);
        _output.WriteLine($"5,000 customers, clamp $20 x 2: error95 {population.Categories[0].AmountError95} per category, average category {population.Categories.Sum(c => c.Amount) / 18:0}");
        Assert.False(population.NoiseExceedsSignal, $"error {population.Categories[0].AmountError95} against an average category of {150_000m / 18}");
    }

    [Fact]
    public async Task LiveFeedSink_WithReport_AttachesThePopulationRelease()
    {
        DifferentialPrivacyOptions options = Options();
        PrivateCategoryReport report = Report(options, new FixedNoiseSource());
        var feed = new LiveFeed();
        using var unsubscribe = new CancellationTokenSource();
        System.Threading.Channels.ChannelReader<LiveUpdate> reader = feed.Subscribe(unsubscribe.Token);
        var sink = new LiveFeedSink(feed, report);
        RecordBatch batch = Batch(("c1", "FOOD_AND_DRINK", 10m, s_horizon.AddHours(2), null));

        await report.ObserveAsync(batch, CancellationToken.None).WaitAsync(s_timeout);
        await sink.WriteAsync(batch, CancellationToken.None).WaitAsync(s_timeout);
        LiveUpdate update = await reader.ReadAsync().AsTask().WaitAsync(s_timeout);

        Assert.Same(report.Population, update.Population);
        Assert.Equal(18, update.Population!.Categories.Count);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
