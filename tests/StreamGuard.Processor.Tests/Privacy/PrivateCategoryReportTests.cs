using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class PrivateCategoryReportTests : IDisposable
{
    private static readonly DateTimeOffset s_day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-dp-" + Guid.NewGuid().ToString("N"));
    private int _next;

    public PrivateCategoryReportTests() => Directory.CreateDirectory(_dir);

    private const string Food = "FOOD_AND_DRINK";
    private const string Travel = "TRAVEL";
    private const string Gas = "TRANSPORTATION";

    private PrivateCategoryReport Report(DifferentialPrivacyOptions? options = null, INoiseSource? noise = null, int shards = 1) =>
        new(options ?? new DifferentialPrivacyOptions { MinGroupSize = 1, Epsilon = 1, AllowedLateness = TimeSpan.FromHours(1) }, new PrivacyBudgetLedger(_dir), noise ?? new FixedNoiseSource(), TimeProvider.System, shards) { Continual = false };

    private static CategoryRelease Row(IEnumerable<CategoryRelease> rows, string category) => Assert.Single(rows, r => r.Category == category);

    private RecordBatch Batch(string shard, params (string Customer, string Category, decimal Amount, DateTimeOffset At)[] rows) =>
        new(shard, rows.Select(r =>
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
                },
            };
        }).ToList());

    private static Task<IReadOnlyList<CategoryRelease>> Observe(PrivateCategoryReport report, RecordBatch batch) =>
        report.ObserveAsync(batch, CancellationToken.None).WaitAsync(s_timeout);

    private static Task<IReadOnlyList<CategoryRelease>> ReleaseAll(PrivateCategoryReport report) =>
        report.ReleaseAllAsync(CancellationToken.None).WaitAsync(s_timeout);

    [Fact]
    public async Task Observe_WindowPassedOnEveryShard_ReleasedOnceAndPaidInLedger()
    {
        PrivateCategoryReport report = Report(shards: 2);

        Assert.Empty(await Observe(report, Batch("a", ("c1", Food, 10m, s_day.AddHours(1)), ("c2", Food, 20m, s_day.AddHours(2)))));
        // Shard a is far ahead, but shard b has not passed the window yet.
        Assert.Empty(await Observe(report, Batch("a", ("c1", Food, 5m, s_day.AddDays(1).AddHours(3)))));
        Assert.Empty(await Observe(report, Batch("b", ("c3", Food, 7m, s_day.AddHours(23)))));
        IReadOnlyList<CategoryRelease> released = await Observe(report, Batch("b", ("c3", Food, 1m, s_day.AddDays(1).AddHours(2))));

        Assert.Equal(ReleaseCategories.All, released.Select(r => r.Category));
        CategoryRelease food = Row(released, Food);
        Assert.Equal((3L, 37m), (food.NoisyCount, food.NoisyAmount));
        Assert.Equal(s_day, food.WindowStart);
        Assert.Equal(1, report.ReleasedThisRun);
        Assert.Equal(2, report.Ledger.Entries.Count);
        Assert.Equal(1.0, report.Ledger.EpsilonSpent, 9);
        Assert.Empty(await Observe(report, Batch("a", ("c9", Food, 3m, s_day.AddHours(5)))));
        Assert.Equal(1, report.LateExcluded);
    }

    [Fact]
    public async Task Observe_HoldUntilComplete_ReleasesOnlyAtTheEnd()
    {
        PrivateCategoryReport report = Report();
        report.HoldUntilComplete = true;

        Assert.Empty(await Observe(report, Batch("a", ("c1", Food, 10m, s_day), ("c2", Food, 10m, s_day))));
        Assert.Empty(await Observe(report, Batch("a", ("c1", Food, 10m, s_day.AddDays(3)), ("c2", Food, 10m, s_day.AddDays(3)))));
        Assert.Empty(await Observe(report, Batch("a", ("c3", Food, 10m, s_day.AddHours(1)))));

        Assert.Equal([s_day, s_day.AddDays(3)], (await ReleaseAll(report)).Select(r => r.WindowStart).Distinct());
        Assert.Equal(0, report.LateExcluded);
    }

    [Fact]
    public async Task Release_EveryPublicCategory_ZerosIncludedUnknownCodesAsOther()
    {
        PrivateCategoryReport report = Report(new DifferentialPrivacyOptions { MinGroupSize = 1 });
        await Observe(report, Batch("a", ("c1", Food, 10m, s_day), ("c2", "SPACE_TRAVEL_NEW_CODE", 4m, s_day), ("c3", "UNCATEGORIZED", 6m, s_day)));

        IReadOnlyList<CategoryRelease> released = await ReleaseAll(report);

        Assert.Equal(18, released.Count);
        Assert.Equal((2L, 10m), (Row(released, "OTHER").NoisyCount, Row(released, "OTHER").NoisyAmount));
        Assert.Equal((0L, 0m), (Row(released, Travel).NoisyCount, Row(released, Travel).NoisyAmount));
        Assert.DoesNotContain(released, r => r.Category is "SPACE_TRAVEL_NEW_CODE" or "UNCATEGORIZED");
    }

    [Fact]
    public async Task Release_NeighbouringDataSets_SameRowSetAndSameNoiseDistribution()
    {
        // D has one customer who alone makes TRAVEL non-empty; D' is D without that customer.
        (string, string, decimal, DateTimeOffset)[] others = Enumerable.Range(0, 30).Select(i => ($"c{i}", Food, 12m, s_day.AddMinutes(i))).ToArray();
        (string, string, decimal, DateTimeOffset)[] withTraveller = [.. others, ("traveller", Travel, 900m, s_day.AddHours(3))];
        var options = new DifferentialPrivacyOptions { MinGroupSize = 11 };

        async Task<(IReadOnlyList<CategoryRelease> Rows, IReadOnlyList<PrivacyLedgerEntry> Ledger)> ReleaseOf((string, string, decimal, DateTimeOffset)[] rows, string folder)
        {
            Directory.CreateDirectory(folder);
            var report = new PrivateCategoryReport(options, new PrivacyBudgetLedger(folder), new SeededNoiseSource(1), TimeProvider.System, 1) { Continual = false };
            await Observe(report, Batch("a", rows));
            return (await ReleaseAll(report), report.Ledger.Entries);
        }

        (IReadOnlyList<CategoryRelease> d, IReadOnlyList<PrivacyLedgerEntry> dLedger) = await ReleaseOf(withTraveller, Path.Combine(_dir, "d"));
        (IReadOnlyList<CategoryRelease> dPrime, IReadOnlyList<PrivacyLedgerEntry> dPrimeLedger) = await ReleaseOf(others, Path.Combine(_dir, "d-prime"));

        Assert.Equal(d.Select(r => (r.ReleaseId, r.Category)), dPrime.Select(r => (r.ReleaseId, r.Category)));
        // Same mechanism, sensitivity and scale on both sides: the outputs differ only through the noise.
        Assert.Equal(dLedger.Select(e => (e.Query, e.Sensitivity, e.NoiseScale, e.Epsilon)), dPrimeLedger.Select(e => (e.Query, e.Sensitivity, e.NoiseScale, e.Epsilon)));
        Assert.Equal(d.Select(r => (r.CountNoiseStdDev, r.AmountNoiseStdDev)), dPrime.Select(r => (r.CountNoiseStdDev, r.AmountNoiseStdDev)));
        // With the same noise draws, only TRAVEL's noisy values move, by at most the bound (1 transaction, clamped to $200).
        Assert.All(d.Zip(dPrime).Where(p => p.First.Category != Travel), p => Assert.Equal(p.First, p.Second));
        Assert.All(dLedger.Concat(dPrimeLedger), e => Assert.Equal(18, e.NoisyValues!.Count));
        long travelCount = dLedger[0].NoisyValues![Travel] - dPrimeLedger[0].NoisyValues![Travel];
        long travelCents = dLedger[1].NoisyValues![Travel] - dPrimeLedger[1].NoisyValues![Travel];
        Assert.Equal((1L, 20_000L), (travelCount, travelCents));
    }

    [Fact]
    public async Task Release_BusyCustomerTruncatedToTheBoundAndAmountsClamped()
    {
        var options = new DifferentialPrivacyOptions { MinGroupSize = 1, Epsilon = 1, AmountClamp = 100m, MaxTransactionsPerCustomer = 2 };
        PrivateCategoryReport report = Report(options);
        // c1 makes 4 transactions (twice the bound): the first 2 count. c2's 1000 is clamped to 100.
        await Observe(report, Batch("a",
            ("c1", Food, 10m, s_day), ("c1", Food, 10m, s_day), ("c1", Food, 10m, s_day), ("c1", Gas, 40m, s_day),
            ("c2", Gas, 1000m, s_day)));

        IReadOnlyList<CategoryRelease> released = await ReleaseAll(report);

        Assert.Equal((2L, 20m), (Row(released, Food).NoisyCount, Row(released, Food).NoisyAmount));
        Assert.Equal((1L, 100m), (Row(released, Gas).NoisyCount, Row(released, Gas).NoisyAmount));
        PrivacyLedgerEntry sum = report.Ledger.Entries.Single(e => e.Query == PrivateCategoryReport.SumQuery);
        Assert.Equal(2 * 10_000.0, sum.Sensitivity); // in cents
        Assert.Equal(20_000.0 / 0.5, sum.NoiseScale, 9);
    }

    [Fact]
    public async Task Release_NoisyCountUnderK_ShownAsZeroButRowKept()
    {
        PrivateCategoryReport report = Report(new DifferentialPrivacyOptions { MinGroupSize = 5 }, new FixedNoiseSource(1));
        await Observe(report, Batch("a", ("c1", Food, 10m, s_day), ("c2", Food, 10m, s_day), ("c3", Food, 10m, s_day), ("c4", Food, 10m, s_day)));

        IReadOnlyList<CategoryRelease> released = await ReleaseAll(report);

        // 4 + noise 1 = 5 reaches k; TRAVEL's 0 + 1 does not and reads 0.
        Assert.Equal((5L, 40.01m), (Row(released, Food).NoisyCount, Row(released, Food).NoisyAmount));
        Assert.Equal((0L, 0m), (Row(released, Travel).NoisyCount, Row(released, Travel).NoisyAmount));
    }

    [Fact]
    public async Task Releases_ManyWindows_EmpiricalNoiseMatchesSensitivityOverEpsilonAndLedgerAddsUp()
    {
        const int Windows = 300;
        var options = new DifferentialPrivacyOptions { Epsilon = 0.8, MinGroupSize = 1, MaxTransactionsPerCustomer = 3, AmountClamp = 50m, AllowedLateness = TimeSpan.FromHours(1), BudgetHorizon = TimeSpan.FromDays(1), TotalEpsilon = 1 };
        PrivateCategoryReport report = Report(options, new SeededNoiseSource(2024));
        var released = new List<CategoryRelease>();
        for (int w = 0; w < Windows; w++)
        {
            // 100 customers with 3 transactions each; counts high enough that flooring at zero never bites.
            released.AddRange(await Observe(report, Batch("a", Enumerable.Range(0, 300).Select(i => ($"c{i % 100}", Food, 20m, s_day.AddDays(w).AddMinutes(i))).ToArray())));
        }

        released.AddRange(await ReleaseAll(report));
        CategoryRelease[] food = released.Where(r => r.Category == Food).ToArray();
        double[] countNoise = food.Select(r => r.NoisyCount - 300.0).ToArray();
        double[] sumNoise = food.Select(r => (double)r.NoisyAmount - 6000.0).ToArray();

        // Counts: sensitivity 3 at epsilon 0.4 gives b = 7.5; sums: 3 x $50 at 0.4 gives b = $375.
        Assert.Equal(Windows, food.Length);
        Assert.InRange(Std(countNoise) / (Math.Sqrt(2) * 7.5), 0.88, 1.12);
        Assert.InRange(Std(sumNoise) / (Math.Sqrt(2) * 375), 0.88, 1.12);
        Assert.Equal(Windows * 0.8, report.Ledger.EpsilonSpent, 6);
        Assert.Equal(0.8, report.EpsilonSpentPerHorizon, 6);
        Assert.Equal(2 * Windows, report.Ledger.Entries.Count);
        Assert.All(report.Ledger.Entries, e => Assert.Equal(0.4, e.Epsilon, 9));
    }

    [Fact]
    public async Task Release_TotalBudgetSpent_StopsAndStaysStoppedAfterARestart()
    {
        var options = new DifferentialPrivacyOptions { MinGroupSize = 1, Epsilon = 1, TotalEpsilon = 2.5, BudgetHorizon = TimeSpan.FromDays(30) };
        PrivateCategoryReport report = Report(options);
        var released = new List<CategoryRelease>(await Observe(report, Batch("a", ("c1", Food, 10m, s_day), ("c1", Food, 10m, s_day.AddDays(1)), ("c1", Food, 10m, s_day.AddDays(2)))));

        released.AddRange(await ReleaseAll(report));

        Assert.Equal([s_day, s_day.AddDays(1)], released.Select(r => r.WindowStart).Distinct());
        Assert.Equal(1, report.RefusedForBudget);
        Assert.True(report.BudgetExhausted);
        Assert.Equal(2.0, report.EpsilonSpentPerHorizon, 9);

        // A new process on the same ledger (a restart, or LiveView starting again) is still refused.
        PrivateCategoryReport restarted = Report(options);
        await Observe(restarted, Batch("a", ("c2", Food, 10m, s_day.AddDays(5))));
        Assert.Empty(await ReleaseAll(restarted));
        Assert.Equal(1, restarted.RefusedForBudget);
        Assert.Equal(2.0, new PrivacyBudgetLedger(_dir).SpentIn(PrivacyBudgetLedger.HorizonStart(s_day, options.BudgetHorizon), options.BudgetHorizon, 0), 9);

        // The next horizon has its own budget.
        DateTimeOffset next = PrivacyBudgetLedger.HorizonStart(s_day, options.BudgetHorizon) + options.BudgetHorizon;
        await Observe(restarted, Batch("a", ("c2", Food, 10m, next)));
        Assert.Equal(18, (await ReleaseAll(restarted)).Count);
    }

    [Fact]
    public async Task Observe_ReplayedWindow_RepublishesRecordedValuesWithoutNewNoiseOrSpending()
    {
        (string, string, decimal, DateTimeOffset)[] rows = Enumerable.Range(0, 20).Select(i => ($"c{i}", Food, 30m, s_day.AddMinutes(i))).ToArray();
        PrivateCategoryReport first = Report(new DifferentialPrivacyOptions { MinGroupSize = 1 }, new SeededNoiseSource(77));
        await Observe(first, Batch("a", rows));
        IReadOnlyList<CategoryRelease> original = await ReleaseAll(first);
        int entries = first.Ledger.Entries.Count;

        // The demo loop replays the same data into a new process: the same window comes again.
        var counting = new FixedNoiseSource(1_000);
        var replay = new PrivateCategoryReport(new DifferentialPrivacyOptions { MinGroupSize = 1 }, new PrivacyBudgetLedger(_dir), counting, TimeProvider.System, 1) { Continual = false };
        IReadOnlyList<CategoryRelease> again = await Observe(replay, Batch("a", rows));
        IReadOnlyList<CategoryRelease> twice = await Observe(replay, Batch("a", rows));

        Assert.Equal(original, again);
        Assert.Empty(twice);
        Assert.Empty(await ReleaseAll(replay));
        Assert.Equal(0, counting.Draws);
        Assert.Equal((1, 0), (replay.Republished, replay.ReleasedThisRun));
        Assert.Equal(entries, new PrivacyBudgetLedger(_dir).Entries.Count);
    }

    [Fact]
    public async Task Release_Gaussian_AccountedInRhoSoTwoReleasesComposeBelowTwiceEpsilon()
    {
        var options = new DifferentialPrivacyOptions { MinGroupSize = 1, Mechanism = NoiseMechanism.Gaussian, Epsilon = 1, Delta = 1e-6, TotalEpsilon = 10 };
        PrivateCategoryReport report = Report(options);
        var released = new List<CategoryRelease>(await Observe(report, Batch("a", ("c1", Food, 10m, s_day), ("c1", Food, 10m, s_day.AddDays(1)), ("c1", Food, 10m, s_day.AddDays(3)))));
        released.AddRange(await ReleaseAll(report));

        DateTimeOffset horizon = PrivacyBudgetLedger.HorizonStart(s_day, options.BudgetHorizon);
        double rho = NoiseCalibration.Rho(1, 1e-6);
        Assert.Equal(3, report.ReleasedThisRun);
        Assert.All(report.Ledger.Entries, e => Assert.Equal(rho / 2, e.Rho, 12));
        // zCDP: three releases of rho each cost rho-to-epsilon(3 rho), well under 3 x 1.
        Assert.Equal(NoiseCalibration.EpsilonOfRho(3 * rho, 1e-6), report.Ledger.SpentIn(horizon, options.BudgetHorizon, 1e-6), 9);
        Assert.InRange(report.Ledger.SpentIn(horizon, options.BudgetHorizon, 1e-6), 1.0, 2.0);
        Assert.Equal(4 / Math.Sqrt(rho), report.Ledger.Entries[0].NoiseScale, 9);
    }

    [Fact]
    public async Task Release_TwoReportsOverOneCoordinator_WindowReleasedOnceWithBothShardsAndPaidOnce()
    {
        var options = new DifferentialPrivacyOptions { MinGroupSize = 1, Epsilon = 1, AllowedLateness = TimeSpan.FromHours(1) };
        var ledger = new PrivacyBudgetLedger(_dir);
        var coordinator = new LocalReleaseCoordinator(ledger, shardCount: 2);
        var noiseA = new FixedNoiseSource();
        var noiseB = new FixedNoiseSource();
        var workerA = new PrivateCategoryReport(options, ledger, coordinator, noiseA, TimeProvider.System) { Continual = false };
        var workerB = new PrivateCategoryReport(options, ledger, coordinator, noiseB, TimeProvider.System) { Continual = false };

        // Each worker reads one shard; shard a passes the day first, so nothing is released until shard b has too.
        Assert.Empty(await Observe(workerA, Batch("a", ("c1", Food, 10m, s_day), ("c1", Food, 1m, s_day.AddDays(2)))));
        IReadOnlyList<CategoryRelease> released = await Observe(workerB, Batch("b", ("c2", Food, 20m, s_day), ("c2", Food, 1m, s_day.AddDays(2))));

        Assert.Equal("category-day/2024-03-01T00:00:00Z", released.Select(r => r.ReleaseId).Distinct().Single());
        Assert.Equal(2, Row(released, Food).NoisyCount);
        Assert.Equal(30m, Row(released, Food).NoisyAmount);
        Assert.Equal(0, noiseA.Draws);
        Assert.Equal(1, workerB.ReleasedThisRun);
        Assert.Equal(0, workerA.ReleasedThisRun);
        Assert.Equal(1, ledger.Releases);
        Assert.Equal(1.0, new PrivacyBudgetLedger(_dir).EpsilonSpent, 9);
    }

    [Fact]
    public async Task Ledger_LinesHoldWhatWhenEpsilonAndNoisyValuesButNoExactCount()
    {
        PrivateCategoryReport report = Report(new DifferentialPrivacyOptions { MinGroupSize = 1 }, new FixedNoiseSource(3));
        await Observe(report, Batch("a", ("c1", Food, 10m, s_day), ("c2", Food, 10m, s_day)));
        await ReleaseAll(report);

        string[] lines = File.ReadAllLines(Path.Combine(_dir, PrivacyBudgetLedger.FileName));

        Assert.Equal(2, lines.Length);
        JsonElement count = JsonDocument.Parse(lines[0]).RootElement;
        foreach (string field in new[] { "release_id", "query", "recorded_at", "window_start", "window_end", "mechanism", "epsilon", "delta", "sensitivity", "noise_scale", "noisy_values" })
        {
            Assert.True(count.TryGetProperty(field, out _), field);
        }

        Assert.False(count.TryGetProperty("groups_suppressed", out _));
        Assert.False(count.TryGetProperty("groups_released", out _));
        Assert.Equal(5, count.GetProperty("noisy_values").GetProperty(Food).GetInt64()); // 2 + noise 3, never the exact 2
        Assert.Equal("category-day/2024-03-01T00:00:00Z", count.GetProperty("release_id").GetString());
        Assert.Equal("Laplace", count.GetProperty("mechanism").GetString());
    }

    [Fact]
    public void Ledger_CorruptLine_RefusesToStart()
    {
        File.WriteAllText(Path.Combine(_dir, PrivacyBudgetLedger.FileName), "{not json\n");

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => new PrivacyBudgetLedger(_dir));

        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
    }

    private static double Std(double[] x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
