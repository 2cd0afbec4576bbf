using System.Text.Json;
using StreamGuard.Core.Model;
using StreamGuard.Core.Streaming;
using StreamGuard.Processor.Pipeline;
using StreamGuard.Processor.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class PrivateCategoryReportTests : IDisposable
{
    private static readonly DateTimeOffset s_day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-dp-" + Guid.NewGuid().ToString("N"));
    private int _next;

    public PrivateCategoryReportTests() => Directory.CreateDirectory(_dir);

    private PrivateCategoryReport Report(DifferentialPrivacyOptions? options = null, INoiseSource? noise = null, int shards = 1) =>
        new(options ?? new DifferentialPrivacyOptions { MinGroupSize = 2, AllowedLateness = TimeSpan.FromHours(1) }, new PrivacyBudgetLedger(_dir), noise ?? new FixedNoiseSource(), TimeProvider.System, shards);

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

        Assert.Empty(await Observe(report, Batch("a", ("c1", "food", 10m, s_day.AddHours(1)), ("c2", "food", 20m, s_day.AddHours(2)))));
        // Shard a is far ahead, but shard b has not passed the window yet.
        Assert.Empty(await Observe(report, Batch("a", ("c1", "food", 5m, s_day.AddDays(1).AddHours(3)))));
        Assert.Empty(await Observe(report, Batch("b", ("c3", "food", 7m, s_day.AddHours(23)))));
        IReadOnlyList<CategoryRelease> released = await Observe(report, Batch("b", ("c3", "food", 1m, s_day.AddDays(1).AddHours(2))));

        CategoryRelease food = Assert.Single(released);
        Assert.Equal(("food", 3L, 37m), (food.Category, food.NoisyCount, food.NoisyAmount));
        Assert.Equal(s_day, food.WindowStart);
        Assert.Equal(1, report.ReleasedThisRun);
        Assert.Equal(2, report.Ledger.Entries.Count);
        Assert.Equal(1.0, report.Ledger.EpsilonSpent, 9);
        Assert.Empty(await Observe(report, Batch("a", ("c9", "food", 3m, s_day.AddHours(5)))));
        Assert.Equal(1, report.LateExcluded);
    }

    [Fact]
    public async Task Observe_HoldUntilComplete_ReleasesOnlyAtTheEnd()
    {
        PrivateCategoryReport report = Report();
        report.HoldUntilComplete = true;

        Assert.Empty(await Observe(report, Batch("a", ("c1", "food", 10m, s_day), ("c2", "food", 10m, s_day))));
        Assert.Empty(await Observe(report, Batch("a", ("c1", "food", 10m, s_day.AddDays(3)), ("c2", "food", 10m, s_day.AddDays(3)))));
        Assert.Empty(await Observe(report, Batch("a", ("c3", "food", 10m, s_day.AddHours(1)))));

        Assert.Equal([s_day, s_day.AddDays(3)], (await ReleaseAll(report)).Select(r => r.WindowStart));
        Assert.Equal(0, report.LateExcluded);
    }

    [Fact]
    public async Task Release_GroupBelowK_Suppressed_OthersReleased()
    {
        PrivateCategoryReport report = Report(new DifferentialPrivacyOptions { MinGroupSize = 3 });
        await Observe(report, Batch("a",
            ("c1", "food", 10m, s_day), ("c2", "food", 10m, s_day), ("c3", "food", 10m, s_day),
            ("c1", "travel", 500m, s_day), ("c1", "travel", 500m, s_day), ("c2", "travel", 900m, s_day)));

        IReadOnlyList<CategoryRelease> released = await ReleaseAll(report);

        Assert.Equal(["food"], released.Select(r => r.Category));
        PrivacyLedgerEntry entry = report.Ledger.Entries[0];
        Assert.Equal((1, 1), (entry.GroupsReleased, entry.GroupsSuppressed));
    }

    [Fact]
    public async Task Release_AmountsClampedAndBusyCustomerScaledToTheBound()
    {
        var options = new DifferentialPrivacyOptions { MinGroupSize = 1, AmountClamp = 100m, MaxTransactionsPerCustomer = 2 };
        PrivateCategoryReport report = Report(options);
        // c1 makes 4 transactions (twice the bound): each counts half. c2's 1000 is clamped to 100.
        await Observe(report, Batch("a",
            ("c1", "food", 10m, s_day), ("c1", "food", 10m, s_day), ("c1", "food", 10m, s_day), ("c1", "gas", 40m, s_day),
            ("c2", "gas", 1000m, s_day)));

        Dictionary<string, CategoryRelease> released = (await ReleaseAll(report)).ToDictionary(r => r.Category);

        Assert.Equal(2, released["food"].NoisyCount); // round(1.5)
        Assert.Equal(15m, released["food"].NoisyAmount);
        Assert.Equal(120m, released["gas"].NoisyAmount); // 40 x 0.5 + 100
        PrivacyLedgerEntry sum = report.Ledger.Entries.Single(e => e.Query == PrivateCategoryReport.SumQuery);
        Assert.Equal(2 * 100.0, sum.Sensitivity);
        Assert.Equal(200.0 / 0.5, sum.NoiseScale, 9);
    }

    [Fact]
    public async Task Releases_ManyWindows_EmpiricalNoiseMatchesSensitivityOverEpsilonAndLedgerAddsUp()
    {
        const int Windows = 400;
        var options = new DifferentialPrivacyOptions { Epsilon = 0.8, MinGroupSize = 1, MaxTransactionsPerCustomer = 3, AmountClamp = 50m, AllowedLateness = TimeSpan.FromHours(1) };
        PrivateCategoryReport report = Report(options, new SeededNoiseSource(2024));
        var released = new List<CategoryRelease>();
        for (int w = 0; w < Windows; w++)
        {
            // 100 customers with 3 transactions each; counts high enough that flooring at zero never bites.
            released.AddRange(await Observe(report, Batch("a", Enumerable.Range(0, 300).Select(i => ($"c{i % 100}", "food", 20m, s_day.AddDays(w).AddMinutes(i))).ToArray())));
        }

        Assert.Equal(Windows - 1, released.Count);
        released.AddRange(await ReleaseAll(report));
        double[] countNoise = released.Select(r => r.NoisyCount - 300.0).ToArray();
        double[] sumNoise = released.Select(r => (double)r.NoisyAmount - 6000.0).ToArray();

        // Counts: sensitivity 3 at epsilon 0.4 gives b = 7.5; sums: 3 x 50 at 0.4 gives b = 375.
        Assert.Equal(Windows, released.Count);
        Assert.InRange(Std(countNoise) / (Math.Sqrt(2) * 7.5), 0.88, 1.12);
        Assert.InRange(Std(sumNoise) / (Math.Sqrt(2) * 375), 0.88, 1.12);
        Assert.Equal(Windows * 0.8, report.Ledger.EpsilonSpent, 6);
        Assert.Equal(Windows, report.Ledger.Releases);
        Assert.Equal(2 * Windows, report.Ledger.Entries.Count);
        Assert.All(report.Ledger.Entries, e => Assert.Equal(0.4, e.Epsilon, 9));

        // The file holds the same budget, and a new run on the same folder neither re-releases nor re-pays.
        var reread = new PrivacyBudgetLedger(_dir);
        Assert.Equal(report.Ledger.EpsilonSpent, reread.EpsilonSpent, 6);
        PrivateCategoryReport again = Report(options);
        await Observe(again, Batch("a", ("c1", "food", 20m, s_day)));
        Assert.Empty(await ReleaseAll(again));
        Assert.Equal(1, again.LateExcluded);
        Assert.Equal(Windows * 0.8, new PrivacyBudgetLedger(_dir).EpsilonSpent, 6);
    }

    [Fact]
    public async Task Release_ScopedReports_SameWindowReleasedByEachScopeAndPaidForByEach()
    {
        var options = new DifferentialPrivacyOptions { MinGroupSize = 1 };
        var ledger = new PrivacyBudgetLedger(_dir);
        var workerA = new PrivateCategoryReport(options, ledger, new FixedNoiseSource(), TimeProvider.System, 1, scope: "worker-a");
        var workerB = new PrivateCategoryReport(options, ledger, new FixedNoiseSource(), TimeProvider.System, 1, scope: "worker-b");
        await Observe(workerA, Batch("a", ("c1", "food", 10m, s_day)));
        await Observe(workerB, Batch("b", ("c2", "food", 20m, s_day)));

        Assert.Equal("category-day/2024-03-01T00:00:00Z/worker-a", Assert.Single(await ReleaseAll(workerA)).ReleaseId);
        Assert.Equal("category-day/2024-03-01T00:00:00Z/worker-b", Assert.Single(await ReleaseAll(workerB)).ReleaseId);
        Assert.Equal(2, ledger.Releases);
        Assert.Equal(2.0, new PrivacyBudgetLedger(_dir).EpsilonSpent, 9);
    }

    [Fact]
    public async Task Ledger_LinesAreJsonWithWhatWhenEpsilonDeltaMechanismSensitivity()
    {
        PrivateCategoryReport report = Report();
        await Observe(report, Batch("a", ("c1", "food", 10m, s_day), ("c2", "food", 10m, s_day)));
        await ReleaseAll(report);

        string[] lines = File.ReadAllLines(Path.Combine(_dir, PrivacyBudgetLedger.FileName));

        Assert.Equal(2, lines.Length);
        JsonElement count = JsonDocument.Parse(lines[0]).RootElement;
        foreach (string field in new[] { "release_id", "query", "recorded_at", "window_start", "window_end", "mechanism", "epsilon", "delta", "sensitivity", "noise_scale" })
        {
            Assert.True(count.TryGetProperty(field, out _), field);
        }

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
