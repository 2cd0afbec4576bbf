using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Composition;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>From Plaid sync, through the whole embedded pipeline, to spending totals that reflect corrections.</summary>
public sealed class PlaidSyncToAggregatesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sg-plaid-e2e-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task SyncWithModifiedRemovedAndPosted_ThroughPipeline_DayTotalsAreCorrected()
    {
        await using var host = new PlaidTestHost(pageSize: 3);
        var options = new StreamGuardOptions { DataDir = Path.Combine(_directory, "data") };
        options.Privacy.PseudonymKey = Convert.ToBase64String(new byte[32]);
        await using EmbeddedPipeline embedded = EmbeddedEdgeServices.Create(options, NullLoggerFactory.Instance, TimeProvider.System, new EmbeddedEdgeSettings());
        Task processing = embedded.RunAsync(CancellationToken.None);
        using PlaidCorrectionScenario scenario = await PlaidCorrectionScenario.StartAsync(host, _directory, embedded.Stream);

        await scenario.SyncAsync();
        scenario.Correct(postedAmount: 7.25m);
        await scenario.SyncAsync();
        embedded.Feed.CompleteInput();
        await processing.WaitAsync(TimeSpan.FromSeconds(60));

        // a1 10 + a2 corrected to 18 + b1 5.55 + a3 7.25 (posted, replacing pending pa); b2 removed.
        Assert.Equal(10.00 + 18.00 + 5.55 + 7.25, DayTotal(embedded), precision: 6);
        // Stored under keyed ids of the Plaid ids (corrections matched on them).
        var keys = new StreamGuard.Privacy.Pseudonymizer(embedded.Key);
        Assert.Equal(
            new[] { ("a1", "10"), ("a2", "18"), ("a3", "7.25"), ("b1", "5.55") }.Select(t => keys.TransactionId(t.Item1) + ":" + t.Item2).Order(StringComparer.Ordinal),
            StoredTransactions(embedded).Order(StringComparer.Ordinal));
        Assert.Equal(4, ClassCounts(embedded, "SELECT * FROM quasi_identifiers"));
        // The counts kept through corrections are those of the rows the corrections left.
        Assert.Equal(0, ClassCounts(embedded, """
            SELECT * FROM quasi_identifiers EXCEPT SELECT customer_id, COALESCE(json_extract(json, '$.age_band'), ''), COALESCE(json_extract(json, '$.home_state'), ''),
                COALESCE(json_extract(json, '$.home_zip3'), ''), COALESCE(json_extract(json, '$.home_cell'), ''), COUNT(*) FROM transactions GROUP BY 1, 2, 3, 4, 5
            """));
    }

    /// <summary>The transactions the k-anonymity class counts <paramref name="sql"/> returns add up to.</summary>
    private static long ClassCounts(EmbeddedPipeline embedded, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={embedded.Store.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(SUM(row_count), 0) FROM ({sql})";
        return (long)command.ExecuteScalar()!;
    }

    private static List<string> StoredTransactions(EmbeddedPipeline embedded)
    {
        using var connection = new SqliteConnection($"Data Source={embedded.Store.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT transaction_id, amount FROM transactions ORDER BY transaction_id";
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(FormattableString.Invariant($"{reader.GetString(0)}:{reader.GetDouble(1)}"));
        }

        return rows;
    }

    private static double DayTotal(EmbeddedPipeline embedded)
    {
        using var connection = new SqliteConnection($"Data Source={embedded.Store.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(amount), 0) FROM aggregates WHERE window = 'day' AND key_kind = 'category'";
        return Convert.ToDouble(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
