using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace StreamGuard.Processor.Tests.Support;

/// <summary>
/// Everything a data folder holds that a user reads, in a canonical order: stored transactions (with
/// scores and JSON), every window, alerts, late events, dead letters and the archive, alert and
/// late-event feeds line by line, and the private report's rows and ledger entries without their noise
/// (which differs between two runs), each row checked against the noisy values its ledger entry recorded.
/// Two folders with equal fingerprints hold the same results.
/// </summary>
internal static class DataFolderFingerprint
{
    public static string Of(string dataDir)
    {
        var text = new StringBuilder();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "streamguard.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            Append(connection, text, "SELECT transaction_id, event_time, customer_id, card_id, category, amount, fraud_score, fraud_alert, CAST(json AS TEXT) FROM transactions ORDER BY transaction_id");
            Append(connection, text, "SELECT window, start, key_kind, key, count, printf('%.2f', amount) FROM aggregates ORDER BY window, start, key_kind, key");
            Append(connection, text, "SELECT alert_id, type, severity, json FROM alerts ORDER BY alert_id");
            Append(connection, text, "SELECT transaction_id, windows, reason FROM late_events ORDER BY transaction_id, reason");
            Append(connection, text, "SELECT origin, position, stage, reason FROM dead_letters ORDER BY origin, position, stage");
            Append(connection, text, "SELECT * FROM quasi_identifiers ORDER BY customer_id, age_band, home_state, home_zip3, home_cell");
        }

        foreach (string feed in new[] { "archive", "alerts", "late-events" })
        {
            string folder = Path.Combine(dataDir, feed);
            string[] lines = Directory.Exists(folder)
                ? [.. Directory.GetFiles(folder, "*.ndjson", SearchOption.AllDirectories).SelectMany(File.ReadLines).Order(StringComparer.Ordinal)]
                : [];
            text.Append(feed).Append(' ').Append(lines.Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (string line in lines)
            {
                text.Append(line).Append('\n');
            }
        }

        AppendReleases(dataDir, text);
        return text.ToString();
    }

    /// <summary>
    /// Ledger entries by release and query, and report rows by release and category, each marked whether its
    /// values are the ledger's noisy values (post-processed as published) and counted, so a release missing
    /// from the report, published twice, or published with other values than were paid for shows.
    /// </summary>
    private static void AppendReleases(string dataDir, StringBuilder text)
    {
        var ledger = new Dictionary<(string Release, string Query), JsonElement>();
        string ledgerPath = Path.Combine(dataDir, "privacy-ledger.jsonl");
        foreach (string line in File.Exists(ledgerPath) ? File.ReadLines(ledgerPath) : [])
        {
            JsonElement entry = JsonDocument.Parse(line).RootElement;
            ledger[(entry.GetProperty("release_id").GetString()!, entry.GetProperty("query").GetString()!)] = entry;
        }

        text.Append("ledger ").Append(ledger.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach ((string release, string query) in ledger.Keys.Order())
        {
            text.Append(release).Append('|').Append(query).Append('|').Append(ledger[(release, query)].GetProperty("epsilon").GetDouble().ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        string folder = Path.Combine(dataDir, "report");
        var rows = new List<string>();
        foreach (string line in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ndjson", SearchOption.AllDirectories).SelectMany(File.ReadLines) : [])
        {
            JsonElement row = JsonDocument.Parse(line).RootElement;
            string release = row.GetProperty("release_id").GetString()!;
            string category = row.GetProperty("category").GetString()!;
            long k = row.GetProperty("min_group_size").GetInt64();
            bool paid = ledger.TryGetValue((release, "count"), out JsonElement count) & ledger.TryGetValue((release, "sum"), out JsonElement sum);
            long noisyCount = paid ? count.GetProperty("noisy_values").GetProperty(category).GetInt64() : -1;
            long noisyCents = paid ? sum.GetProperty("noisy_values").GetProperty(category).GetInt64() : -1;
            bool shown = noisyCount >= k;
            bool asPaid = paid
                && row.GetProperty("noisy_count").GetInt64() == (shown ? noisyCount : 0)
                && row.GetProperty("noisy_amount").GetDecimal() == (shown ? Math.Max(0, noisyCents) / 100m : 0);
            rows.Add(release + "|" + category + "|" + (asPaid ? "as paid" : "NOT AS PAID"));
        }

        text.Append("report ").Append(rows.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (string row in rows.Order(StringComparer.Ordinal))
        {
            text.Append(row).Append('\n');
        }
    }

    public static long Count(string dataDir, string sql)
    {
        string path = Path.Combine(dataDir, "streamguard.db");
        if (!File.Exists(path))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar() is long n ? n : 0;
        }
        catch (SqliteException)
        {
            // The schema is not there yet (the run is starting).
            return 0;
        }
    }

    private static void Append(SqliteConnection connection, StringBuilder text, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            for (int i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
            }

            text.Append('\n');
        }
    }
}
