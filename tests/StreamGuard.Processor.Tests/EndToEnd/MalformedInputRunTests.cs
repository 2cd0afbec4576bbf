using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Processor.Commands;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.EndToEnd;

/// <summary>`run` over files with one broken or hostile row: the row is dead-lettered with its reason, counted, and the run finishes.</summary>
public sealed class MalformedInputRunTests : IDisposable
{
    private const string Header = "trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,lat,long,city_pop,job,dob,trans_num,merch_lat,merch_long,is_fraud";
    private const int Rows = 200;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-malformed-run-" + Guid.NewGuid().ToString("N"));

    public MalformedInputRunTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Row(int i, string? merchant = null, string? id = null, decimal? amount = null)
    {
        var time = new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(7 * i);
        string card = (4000000000000000L + (i % 40 * 7919)).ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{time:yyyy-MM-dd HH:mm:ss},{card},\"{merchant ?? "Shop " + (i % 13)}\",grocery_pos,{amount ?? 10 + i % 17},Ann,Lee,F,1 Main St,Springfield,IL,62701,39.78,-89.65,116250,Teacher,1980-05-05,{id ?? "tx" + i},39.80,-89.60,0");
    }

    private string Input(Func<int, string> row)
    {
        string path = Path.Combine(_dir, "input.csv");
        var text = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < Rows; i++)
        {
            text.Append(row(i)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private async Task<(RunSummary Summary, StreamGuardOptions Options)> RunAsync(string input)
    {
        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, "data") };
        RunSummary summary = await EmbeddedRun.ExecuteAsync(input, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(s_timeout);
        return (summary, options);
    }

    private static List<(string Stage, string Reason)> DeadLetters(string dataDir)
    {
        using var store = new SqliteStore(dataDir);
        lock (store.Gate)
        {
            using SqliteCommand command = store.Connection.CreateCommand();
            command.CommandText = "SELECT stage, reason FROM dead_letters ORDER BY id";
            using SqliteDataReader reader = command.ExecuteReader();
            var rows = new List<(string, string)>();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(10)]
    public async Task Run_MerchantOfMegabytes_RowDeadLetteredRunCompletes(int megabytes)
    {
        string input = Input(i => i == 50 ? Row(i, merchant: new string('M', megabytes * 1024 * 1024)) : Row(i));

        (RunSummary summary, StreamGuardOptions options) = await RunAsync(input);

        Assert.Equal(Rows - 1, summary.Processed);
        Assert.Equal(1, summary.InputDeadLettered);
        Assert.Equal(1, summary.DeadLettered);
        (string stage, string reason) = Assert.Single(DeadLetters(options.DataDir));
        Assert.Equal("read", stage);
        Assert.Contains("rows over 65,536 are not read", reason, StringComparison.Ordinal);
        using var store = new SqliteStore(options.DataDir);
        Assert.Equal(Rows - 1, store.Count("transactions"));
    }

    [Fact]
    public async Task Run_TenRowsReuseAnotherRowsIdWithOtherContent_DeadLetteredAndCounted()
    {
        string input = Input(i => i >= Rows - 10 ? Row(i, id: "tx" + (i - (Rows - 10)), amount: 777.77m) : Row(i));

        (RunSummary summary, StreamGuardOptions options) = await RunAsync(input);

        Assert.Equal(10, summary.ConflictingDuplicates);
        Assert.Equal(0, summary.DuplicateDeliveries);
        Assert.Equal(Rows - 10, summary.Processed);
        Assert.Equal(10, summary.DeadLettered);
        List<(string Stage, string Reason)> deadLetters = DeadLetters(options.DataDir);
        Assert.Equal(10, deadLetters.Count);
        Assert.All(deadLetters, d =>
        {
            Assert.Equal("store", d.Stage);
            Assert.StartsWith("transaction id already stored for a different transaction (event time, card, amount", d.Reason, StringComparison.Ordinal);
        });
        using var store = new SqliteStore(options.DataDir);
        Assert.Equal(Rows - 10, store.Count("transactions"));
    }

    [Fact]
    public async Task Run_TenRowsRepeatedExactly_CountedAsDuplicateDeliveriesNotDeadLettered()
    {
        string input = Input(i => i >= Rows - 10 ? Row(i - (Rows - 10)) : Row(i));

        (RunSummary summary, StreamGuardOptions options) = await RunAsync(input);

        Assert.Equal(10, summary.DuplicateDeliveries);
        Assert.Equal(0, summary.ConflictingDuplicates);
        Assert.Equal(0, summary.DeadLettered);
        using var store = new SqliteStore(options.DataDir);
        Assert.Equal(Rows - 10, store.Count("transactions"));
    }

    [Fact]
    public async Task Run_NulBytesInMerchant_DeadLetteredAndNeverArchived()
    {
        string input = Input(i => i % 50 == 7 ? Row(i, merchant: "Evil\0Corp\0") : Row(i));

        (RunSummary summary, StreamGuardOptions options) = await RunAsync(input);

        Assert.Equal(4, summary.InputDeadLettered);
        Assert.Equal(Rows - 4, summary.Processed);
        Assert.All(DeadLetters(options.DataDir), d => Assert.Equal("merchant contains a control character (U+0000 at character 5)", d.Reason));
        string archive = string.Concat(Directory.GetFiles(Path.Combine(options.DataDir, "archive"), "*.ndjson", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Equal(Rows - 4, archive.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain('\0', archive);
        Assert.DoesNotContain("\\u0000", archive, StringComparison.Ordinal);
        Assert.DoesNotContain("Evil", archive, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnreadableRows_ThroughThePipelineToTheDeadLetterOutputWithReasonAndSealedPayload()
    {
        string input = Input(i => i % 50 == 7 ? Row(i, merchant: "Evil\0Corp\0") : Row(i));

        (RunSummary summary, StreamGuardOptions options) = await RunAsync(input);

        // Counted where every dead letter is counted: in the pipeline's batches.
        Assert.Equal(4, summary.InputDeadLettered);
        Assert.Equal(4, summary.DeadLettered);
        string[] files = Directory.GetFiles(Path.Combine(options.DataDir, FeedOutputs.DeadLetters), "*.ndjson", SearchOption.AllDirectories);
        Assert.All(files, f => Assert.Matches(@"dead-letters/dt=\d{4}-\d{2}-\d{2}/hour=\d{2}/shardId-\d+-\d+-\d+(\.\d+of\d+)?\.ndjson$", f.Replace(Path.DirectorySeparatorChar, '/')));
        JsonElement[] lines = [.. files.SelectMany(File.ReadLines).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["line 109", "line 159", "line 59", "line 9"], lines.Select(l => l.GetProperty("position").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(lines, l => Assert.Equal("read", l.GetProperty("stage").GetString()));
        Assert.All(lines, l => Assert.Equal("merchant contains a control character (U+0000 at character 5)", l.GetProperty("reason").GetString()));
        // The payload is the raw row: sealed, never in clear.
        Assert.All(lines, l => Assert.DoesNotContain("Evil", l.GetProperty("payload").GetString()!, StringComparison.Ordinal));
        Assert.Equal(4, DeadLetters(options.DataDir).Count);
    }

    [Fact]
    public async Task Run_TwoFilesWithBadRowOnSameLine_BothDeadLettersStored()
    {
        string first = Input(i => i == 20 ? Row(i, merchant: "A\u0007") : Row(i));
        string firstCopy = Path.Combine(_dir, "first.csv");
        File.Move(first, firstCopy);
        string second = Input(i => i == 20 ? Row(i, merchant: "B\u0007") : Row(i, id: "second" + i));

        (_, StreamGuardOptions options) = await RunAsync(firstCopy);
        (RunSummary again, _) = await RunAsync(second);

        Assert.Equal(1, again.InputDeadLettered);
        Assert.Equal(2, DeadLetters(options.DataDir).Count);
    }
}
