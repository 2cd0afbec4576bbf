using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Processor.Commands;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Processor.Tests.EndToEnd;

public sealed class RunEndToEndTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly string _input;
    private readonly TransactionGenerator _generator;
    private readonly long _rows;
    private readonly decimal _total;

    public RunEndToEndTests()
    {
        Directory.CreateDirectory(_dir);
        _input = Path.Combine(_dir, "input.csv");
        _generator = new TransactionGenerator(new GeneratorOptions(120, 20, 11, new DateOnly(2024, 2, 1)));
        using var writer = new SparkovCsvWriter(new StreamWriter(_input));
        foreach (GeneratedTransaction t in _generator.Generate())
        {
            writer.Write(t);
            _total += t.Amount;
        }

        _rows = writer.Rows;
    }

    [Fact]
    public async Task Run_GeneratedFile_EveryRecordStoredOnceArchivedAggregatedAndNoPersonalData()
    {
        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, "data") };

        RunSummary summary = await EmbeddedRun.ExecuteAsync(_input, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(_rows, summary.Events);
        Assert.Equal(_rows, summary.Processed);
        Assert.Equal(0, summary.DeadLettered);
        Assert.NotNull(summary.StageSeconds);
        Assert.Equal(["decode", "validate", "anonymise", "categorize", "score", "insight", "encode", "release-windows", "sinks", "sink:sqlite", "sink:files"], summary.StageSeconds.Keys);
        Assert.All(summary.StageSeconds.Values, seconds => Assert.InRange(seconds, 0, summary.ElapsedSeconds));
        Assert.True(summary.StageSeconds["sink:sqlite"] > 0 && summary.StageSeconds["score"] > 0, "the stages that did work report busy time");
        Assert.True(summary.Alerts > 0, "the generated fraud episodes should raise alerts");
        using (var store = new SqliteStore(options.DataDir))
        {
            Assert.Equal(_rows, store.Count("transactions"));
            Assert.Equal(summary.Alerts, store.Count("alerts"));
        }

        string[] archived = Directory.GetFiles(Path.Combine(options.DataDir, "archive"), "*.ndjson", SearchOption.AllDirectories);
        Assert.Equal(_rows, archived.Sum(f => File.ReadLines(f).LongCount()));
        // Exact totals stay in SQLite (the customer's own view); the report feed gets only DP releases,
        // whose noisy sums stay within a wide bound of the exact total (clamping and suppression only lower them).
        decimal exact;
        using (var store = new SqliteStore(options.DataDir))
        using (Microsoft.Data.Sqlite.SqliteCommand sum = store.Connection.CreateCommand())
        {
            sum.CommandText = "SELECT SUM(amount) FROM aggregates WHERE window = 'day' AND key_kind = 'category'";
            exact = (decimal)(double)sum.ExecuteScalar()!;
        }

        Assert.Equal(_total, exact, 2);
        JsonElement[] released = Directory.GetFiles(Path.Combine(options.DataDir, "report"), "*.ndjson", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToArray();
        Assert.NotEmpty(released);
        Assert.All(released, r => Assert.Equal(options.Privacy.Differential.Epsilon, r.GetProperty("epsilon").GetDouble()));
        double noiseStd = released.Sum(r => r.GetProperty("amount_noise_std_dev").GetDouble());
        Assert.InRange(released.Sum(r => r.GetProperty("noisy_amount").GetDecimal()), 0m, _total + (decimal)(10 * noiseStd));
        Assert.Equal(summary.Privacy.Releases * options.Privacy.Differential.Epsilon, new StreamGuard.Privacy.Differential.PrivacyBudgetLedger(options.DataDir).EpsilonSpent, 6);
        Assert.InRange(summary.Privacy.EpsilonSpent, options.Privacy.Differential.Epsilon, summary.Privacy.EpsilonBudget);

        // Nothing personal in any output: names, streets, card numbers of every generated customer.
        string[] outputs = Directory.GetFiles(options.DataDir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".key", StringComparison.Ordinal)).ToArray();
        string everything = string.Concat(outputs.Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        foreach (SyntheticCustomer c in _generator.Customers.Take(40))
        {
            Assert.DoesNotContain(c.CardNumber, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(c.Street, everything, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"{c.LastName}\"", everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunCommand_Json_LastLineCarriesTheContractFields()
    {
        string processor = Path.Combine(AppContext.BaseDirectory, "StreamGuard.Processor.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { processor, "run", "--input", _input, "--data-dir", Path.Combine(_dir, "cli"), "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(process.ExitCode == 0, await stderr);
        string last = (await stdout).TrimEnd().Split('\n')[^1];
        JsonElement json = JsonDocument.Parse(last).RootElement;
        Assert.Equal(_rows, json.GetProperty("events").GetInt64());
        Assert.Equal(_rows, json.GetProperty("processed").GetInt64());
        Assert.Equal(0, json.GetProperty("dead_lettered").GetInt64());
        Assert.True(json.GetProperty("alerts").GetInt64() > 0);
        Assert.True(json.GetProperty("events_per_second").GetDouble() > 0);
    }

    [Fact]
    public async Task RunCommand_MissingInput_ExitsWithClearError()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "StreamGuard.Processor.dll"), "run", "--input", Path.Combine(_dir, "nope.csv") })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
