using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Processor.Commands;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>A key rotation between two runs: the customers' history continues under their new pseudonyms.</summary>
public sealed class PseudonymRotationRekeyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-rekey-" + Guid.NewGuid().ToString("N"));
    private readonly string _oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Run_RotatedKeyWithPreviousKeyConfigured_StoredRowsWindowsAndSegmentsContinueUnderNewPseudonyms()
    {
        Directory.CreateDirectory(_dir);
        List<GeneratedTransaction> generated = [.. new TransactionGenerator(new GeneratorOptions(30, 40, 9, new DateOnly(2024, 3, 1))).Generate().OrderBy(t => t.Time)];
        string before = Write("before.csv", generated.Take(generated.Count / 2));
        string after = Write("after.csv", generated.Skip(generated.Count / 2));

        // Reference: the whole history under the new key only.
        StreamGuardOptions reference = Options("reference", _newKey);
        await RunAsync(before, reference);
        var referenceScorer = new OnlineFraudScorer(reference.Scoring);
        RunSummary referenceSummary = await RunAsync(after, reference, referenceScorer);

        // Rotation: the first half under the old key, the second under the new key with the old one as previous.
        await RunAsync(before, Options("rotated", _oldKey));
        StreamGuardOptions rotated = Options("rotated", _newKey);
        rotated.Privacy.PreviousPseudonymKeys.Add(_oldKey);
        var rotatedScorer = new OnlineFraudScorer(rotated.Scoring);
        RunSummary rotatedSummary = await RunAsync(after, rotated, rotatedScorer);

        Assert.Equal(Ids(reference, "customer_id"), Ids(rotated, "customer_id"));
        Assert.Equal(Ids(reference, "card_id"), Ids(rotated, "card_id"));
        Assert.Equal(30, Ids(rotated, "customer_id").Count);
        Assert.Equal(CustomerWindows(reference), CustomerWindows(rotated));
        Assert.Equal(0, Scalar(rotated, "SELECT COUNT(*) FROM transactions WHERE json_extract(CAST(json AS TEXT), '$.customer_id') != customer_id OR json_extract(CAST(json AS TEXT), '$.card_id') != card_id"));
        Assert.All(SqliteRows.Query(rotated.DataDir, "SELECT card_id, card_key, customer_id, customer_key FROM transactions", r => (r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3))),
            row => Assert.Equal((PseudonymIndexKey.Of(row.Item1), PseudonymIndexKey.Of(row.Item3)), (row.Item2, row.Item4)));
        // The k-anonymity class counts moved with the rows: the same as counted from the re-keyed rows.
        Assert.Equal(Scalar(rotated, "SELECT COUNT(*) FROM transactions"), Scalar(rotated, "SELECT SUM(row_count) FROM quasi_identifiers"));
        Assert.Equal(0, Scalar(rotated, """
            SELECT COUNT(*) FROM (SELECT * FROM quasi_identifiers EXCEPT SELECT customer_id, COALESCE(json_extract(json, '$.age_band'), ''), COALESCE(json_extract(json, '$.home_state'), ''),
                COALESCE(json_extract(json, '$.home_zip3'), ''), COALESCE(json_extract(json, '$.home_cell'), ''), COUNT(*) FROM transactions GROUP BY 1, 2, 3, 4, 5)
            """));
        Assert.Equal(referenceSummary.Insight!.SegmentSizes.Values.Sum(), rotatedSummary.Insight!.SegmentSizes.Values.Sum());
        Assert.Equal(referenceScorer.CardCount, rotatedScorer.CardCount);
        Assert.Equal(referenceScorer.Scored, rotatedScorer.Scored);
    }

    private StreamGuardOptions Options(string name, string key)
    {
        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, name) };
        options.Privacy.PseudonymKey = key;
        return options;
    }

    private string Write(string name, IEnumerable<GeneratedTransaction> transactions)
    {
        string path = Path.Combine(_dir, name);
        using var writer = new SparkovCsvWriter(new StreamWriter(path));
        foreach (GeneratedTransaction t in transactions)
        {
            writer.Write(t);
        }

        return path;
    }

    private static Task<RunSummary> RunAsync(string input, StreamGuardOptions options, OnlineFraudScorer? scorer = null) =>
        EmbeddedRun.ExecuteAsync(input, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None, scorer, inEventTimeOrder: true).WaitAsync(TimeSpan.FromMinutes(2));

    private static SortedSet<string> Ids(StreamGuardOptions options, string column) =>
        [.. SqliteRows.Query(options.DataDir, $"SELECT DISTINCT {column} FROM transactions", r => r.GetString(0))];

    private static List<string> CustomerWindows(StreamGuardOptions options) =>
        SqliteRows.Query(options.DataDir, "SELECT window, start, key, count, amount FROM aggregates WHERE key_kind = 'customer' ORDER BY 1, 2, 3", r => $"{r.GetString(0)}|{r.GetInt64(1)}|{r.GetString(2)}|{r.GetInt64(3)}|{r.GetDouble(4):F2}");

    private static long Scalar(StreamGuardOptions options, string sql) => SqliteRows.Query(options.DataDir, sql, r => r.GetInt64(0)).Single();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still closing; the temp folder is cleaned later.
        }
    }
}
