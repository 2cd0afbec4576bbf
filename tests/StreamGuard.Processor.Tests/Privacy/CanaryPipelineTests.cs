using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using StreamGuard.Processor.Commands;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Pipeline.State;
using StreamGuard.Tests.Shared.Privacy;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>
/// The canary data set through the whole embedded pipeline (the aws-mode scan belongs to the
/// AWS integration suite). Every output and every log line is searched for the canaries.
/// </summary>
public sealed class CanaryPipelineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-canary-" + Guid.NewGuid().ToString("N"));
    private readonly CanaryDataSet _data;

    public CanaryPipelineTests()
    {
        Directory.CreateDirectory(_dir);
        _data = new CanaryDataSet(Path.Combine(_dir, "canary.csv"));
    }

    private async Task<(RunSummary Summary, StreamGuardOptions Options, CapturingLoggerProvider Logs)> RunAsync(DifferentialPrivacyOptions? dp = null, INoiseSource? noise = null)
    {
        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, "data") };
        if (dp is not null)
        {
            options.Privacy.Differential = dp;
        }

        var logs = new CapturingLoggerProvider();
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        RunSummary summary = await EmbeddedRun.ExecuteAsync(_data.Path, options, loggers, TimeProvider.System, CancellationToken.None, noise: noise)
            .WaitAsync(TimeSpan.FromMinutes(1));
        SqliteConnection.ClearAllPools();
        return (summary, options, logs);
    }

    [Fact]
    public async Task Run_CanaryDataSet_NoCanaryNorFullCardNumberInAnyOutputOrLog()
    {
        (RunSummary summary, StreamGuardOptions options, CapturingLoggerProvider logs) = await RunAsync();

        Assert.Equal(_data.Rows, summary.Processed);
        Assert.Equal(CanaryDataSet.BadRows, summary.InputDeadLettered);
        Assert.True(summary.Privacy.Releases > 0, "the report feed should carry DP releases");

        // Every file the run left (database, its WAL/SHM if any, archive, report, alerts, ledger), the
        // summary and the log; only the key file is skipped: it is the secret, not personal data.
        string[] files = Directory.GetFiles(options.DataDir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != PseudonymKey.FileName).ToArray();
        Assert.Contains(files, f => Path.GetFileName(f) == SqliteStore.FileName);
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}report{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}alerts{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(f) == PrivacyBudgetLedger.FileName);
        var outputs = files.Select(f => (Name: f, Text: Encoding.Latin1.GetString(File.ReadAllBytes(f)))).ToList();
        outputs.Add(("run summary", JsonSerializer.Serialize(summary, CommandJsonContext.Default.RunSummary)));
        outputs.Add(("log", string.Join('\n', logs.Lines)));

        // The saved learned state is compressed in the database file: scan it unpacked, stage by stage.
        using (var stateStore = new SqliteStore(options.DataDir))
        {
            StateCheckpoint state = await new SqliteStateStore(stateStore, summary.Privacy.PseudonymKeyId).LoadAsync(CancellationToken.None) ?? throw new InvalidOperationException("no state was saved");
            Assert.Equal(7, state.Stages.Count); // six stages of the chain and the open release windows
            outputs.AddRange(state.Stages.Select(stage => ($"saved state of {stage.Name}", Encoding.Latin1.GetString(stage.Data))));
        }

        var scanner = new CanaryScanner(_data);
        foreach ((string name, string text) in outputs)
        {
            scanner.AssertClean(name, text);
        }

        // The unreadable rows are kept (sealed), so nothing is lost.
        using var store = new SqliteStore(options.DataDir);
        Assert.Equal(CanaryDataSet.BadRows, store.Count("dead_letters"));
    }

    [Fact]
    public async Task Run_CanaryDataSet_ReportHoldsNoisyCategoryTotalsWithinBound_SqliteStaysExact()
    {
        var dp = new DifferentialPrivacyOptions { Epsilon = 4, TotalEpsilon = 100, MinGroupSize = 8, AmountClamp = 150m, MaxTransactionsPerCustomer = 6, AllowedLateness = TimeSpan.FromHours(1) };

        // `run` holds releases until its input ends, so no transaction is late and the check is exact;
        // release as windows close is covered by PrivateCategoryReportTests.
        (RunSummary summary, StreamGuardOptions options, _) = await RunAsync(dp, new SeededNoiseSource(11));

        // Exact: the customer's own view and the scorer's store.
        var rows = new List<(long Day, string Customer, string Category, double Amount)>();
        double exactCategoryDays;
        using (var store = new SqliteStore(options.DataDir))
        using (SqliteCommand command = store.Connection.CreateCommand())
        {
            command.CommandText = "SELECT SUM(amount) FROM aggregates WHERE window = 'day' AND key_kind = 'category'";
            exactCategoryDays = (double)command.ExecuteScalar()!;
            command.CommandText = "SELECT event_time, customer_id, category, amount FROM transactions";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0) / 86_400_000, reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
            }
        }

        Assert.Equal((double)_data.Total, exactCategoryDays, 2);
        Assert.Equal(0, summary.Privacy.LateExcludedFromReleases);

        // Before noise, per day and category: a busy customer's first 6 transactions count, in arrival
        // order (which the replayer's lanes may change), so each value lies between what the
        // customers under the bound give and that plus the busy customers' most they could give.
        var bounds = new Dictionary<(long Day, string Category), (double CountLow, double CountHigh, double SumLow, double SumHigh)>();
        foreach (var day in rows.GroupBy(r => r.Day))
        {
            foreach (var customer in day.GroupBy(r => r.Customer))
            {
                bool busy = customer.Count() > 6;
                foreach (var category in customer.GroupBy(r => ReleaseCategories.All[ReleaseCategories.IndexOf(r.Category)]))
                {
                    double[] clamped = category.Select(r => Math.Clamp(r.Amount, 0, 150)).OrderDescending().ToArray();
                    bounds.TryGetValue((day.Key, category.Key), out var g);
                    bounds[(day.Key, category.Key)] = busy
                        ? (g.CountLow, g.CountHigh + Math.Min(6, clamped.Length), g.SumLow, g.SumHigh + clamped.Take(6).Sum())
                        : (g.CountLow + clamped.Length, g.CountHigh + clamped.Length, g.SumLow + clamped.Sum(), g.SumHigh + clamped.Sum());
                }
            }
        }

        string[] reportLines = Directory.GetFiles(Path.Combine(options.DataDir, "report"), "*.ndjson", SearchOption.AllDirectories).SelectMany(File.ReadLines).ToArray();
        var released = reportLines.Select(l => JsonSerializer.Deserialize(l, PrivacyJsonContext.Default.CategoryRelease)!).ToList();
        long[] daysWithData = rows.Select(r => r.Day).Distinct().Order().ToArray();

        // Every day with data gets every public category, whatever the data holds.
        Assert.Equal(
            daysWithData.SelectMany(d => ReleaseCategories.All.Select(c => (d, c))).OrderBy(k => k),
            released.Select(r => (r.WindowStart.ToUnixTimeMilliseconds() / 86_400_000, r.Category)).OrderBy(k => k));
        Assert.DoesNotContain("cust_", string.Concat(reportLines), StringComparison.Ordinal);

        // Laplace b: count 6 / 2 = 3, sum 6 x $150 / 2 = $450. P(|noise| > 12 b) = e^-12 per value.
        // A noisy count under k = 8 reads 0 (with its amount), so only shown rows are checked.
        foreach (CategoryRelease r in released.Where(r => r.NoisyCount > 0))
        {
            var b = bounds.GetValueOrDefault((r.WindowStart.ToUnixTimeMilliseconds() / 86_400_000, r.Category));
            Assert.InRange(r.NoisyCount, Math.Max(8, b.CountLow - 36), b.CountHigh + 36);
            Assert.InRange((double)r.NoisyAmount, Math.Max(0, b.SumLow - 5_400), b.SumHigh + 5_400);
        }

        Assert.Contains(released, r => r.NoisyCount > 0);

        // The ledger adds up: one paid release per day with transactions, epsilon 4 each.
        int days = daysWithData.Length;
        var ledger = new PrivacyBudgetLedger(options.DataDir);
        Assert.Equal(days, summary.Privacy.Releases);
        Assert.Equal(days * 4.0, ledger.EpsilonSpent, 6);
        Assert.InRange(summary.Privacy.EpsilonSpent, 4.0, days * 4.0);
        Assert.Equal(100.0, summary.Privacy.EpsilonBudget);
        Assert.False(summary.Privacy.BudgetExhausted);
        Assert.Equal(4.0, summary.Privacy.EpsilonPerRelease);
        Assert.Equal(8, summary.Privacy.MinGroupSize);
        Assert.Equal(2 * days, ledger.Entries.Count);
        Assert.All(ledger.Entries, e => Assert.Equal(e.Query == PrivateCategoryReport.CountQuery ? 3.0 : 45_000.0, e.NoiseScale, 9));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
