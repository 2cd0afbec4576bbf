using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace StreamGuard.Processor.Tests.Support;

/// <summary>
/// Everything a data folder holds that a user reads, in a canonical order: stored transactions (with
/// scores and JSON), every window, alerts, late events, dead letters and the archive, alert and
/// late-event feeds line by line. Two folders with equal fingerprints hold the same results.
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

        return text.ToString();
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
