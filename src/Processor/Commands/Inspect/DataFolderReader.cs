using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Sqlite;

using StreamGuard.Runtime.Sources;

namespace StreamGuard.Processor.Commands.Inspect;

/// <summary>
/// Reads a data folder without changing it: the database is opened read-only (no schema is created,
/// no journal replayed into it), files are only listed and read. Tables that do not exist are skipped.
/// </summary>
public static class DataFolderReader
{

    /// <param name="known">The window reconciliation when the caller has just computed it (run's summary): not scanned again.</param>
    public static DataFolderReport Read(string dataDir, TimeProvider time, IReadOnlyList<StreamGuard.Runtime.Sources.WindowKindReconciliation>? known = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        string full = Path.GetFullPath(dataDir);
        string database = Path.Combine(full, SqliteStore.FileName);
        DateTimeOffset now = time.GetUtcNow();
        var (disk, byEntry) = DiskUse(full);
        var report = new DataFolderReport
        {
            DataDir = full,
            DatabaseExists = File.Exists(database),
            Tables = new Dictionary<string, long>(),
            State = [],
            Meta = new Dictionary<string, string>(),
            Inputs = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string?>>>(),
            DeadLettersByReason = [],
            AlertsByType = new Dictionary<string, long>(),
            Windows = [],
            Privacy = Ledger(Path.Combine(full, FilePrivacyLedgerStore.FileName)),
            DiskBytes = disk,
            DiskBytesByEntry = byEntry,
        };
        if (!report.DatabaseExists)
        {
            return report;
        }

        using SqliteConnection connection = OpenReadOnly(database);
        HashSet<string> tables = [.. Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")];
        return report with
        {
            Tables = tables.ToDictionary(t => t, t => Scalar(connection, $"SELECT COUNT(*) FROM \"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")),
            State = tables.Contains("state") ? States(connection, now) : [],
            Meta = tables.Contains("privacy_meta") ? Pairs(connection, "SELECT name, value FROM privacy_meta ORDER BY name") : new Dictionary<string, string>(),
            Inputs = tables.Where(t => t.Contains("input", StringComparison.OrdinalIgnoreCase) || t.Contains("source", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(t => t, t => (IReadOnlyList<IReadOnlyDictionary<string, string?>>)Rows(connection, t)),
            DeadLettersByReason = tables.Contains("dead_letters") ? Reasons(connection) : [],
            AlertsByType = tables.Contains("alerts") ? Pairs(connection, "SELECT type, COUNT(*) FROM alerts GROUP BY type ORDER BY 2 DESC")
                .ToDictionary(kv => kv.Key, kv => long.Parse(kv.Value, CultureInfo.InvariantCulture)) : new Dictionary<string, long>(),
            Privacy = tables.Contains("transactions") ? report.Privacy with { KAnonymity = StreamGuard.Runtime.Sinks.Sqlite.StoredKAnonymity.Read(connection) } : report.Privacy,
            Windows = Reconcile(known ?? (tables.Contains("aggregates") && tables.Contains("transactions") ? StreamGuard.Runtime.Sources.WindowReconciliation.Check(connection) : [])),
        };
    }

    /// <summary>
    /// Read-only, and without leaving files behind: a WAL database with no -wal file is fully checkpointed,
    /// so it is opened immutable (SQLite would otherwise create empty -wal and -shm files beside it).
    /// </summary>
    private static SqliteConnection OpenReadOnly(string database)
    {
        bool walPresent = File.Exists(database + "-wal");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = walPresent ? database : new Uri(database).AbsoluteUri + "?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return connection;
    }

    private static List<SavedState> States(SqliteConnection connection, DateTimeOffset now)
    {
        var states = new List<SavedState>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name, length(data), saved_at FROM state ORDER BY name";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            DateTimeOffset saved = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
            states.Add(new SavedState(reader.GetString(0), reader.GetInt64(1), saved, Math.Round((now - saved).TotalSeconds, 1)));
        }

        return states;
    }

    /// <summary>Dead letters by stage and reason recorded since a moment (a run's start), most frequent first.</summary>
    public static IReadOnlyList<ReasonCount> DeadLettersSince(string dataDir, DateTimeOffset since)
    {
        string database = Path.Combine(Path.GetFullPath(dataDir), SqliteStore.FileName);
        if (!File.Exists(database))
        {
            return [];
        }

        using SqliteConnection connection = OpenReadOnly(database);
        return Reasons(connection, since.ToUnixTimeMilliseconds());
    }

    private static List<ReasonCount> Reasons(SqliteConnection connection, long sinceMs = 0)
    {
        var reasons = new List<ReasonCount>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT stage, reason, COUNT(*) FROM dead_letters WHERE recorded_at >= $since GROUP BY stage, reason ORDER BY 3 DESC, 1, 2 LIMIT 20";
        command.Parameters.AddWithValue("$since", sinceMs);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            reasons.Add(new ReasonCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return reasons;
    }

    // The category windows by their size ("day"), other key kinds qualified ("customer/day").
    private static List<WindowReconciliation> Reconcile(IReadOnlyList<WindowKindReconciliation> kinds) =>
        [.. kinds.Select(k => new WindowReconciliation(k.KeyKind == "category" ? k.Window : k.Windows, k.WindowCount, k.WindowAmount, k.TransactionCount, k.TransactionAmount))];

    private static List<IReadOnlyDictionary<string, string?>> Rows(SqliteConnection connection, string table)
    {
        var rows = new List<IReadOnlyDictionary<string, string?>>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" LIMIT 50";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new Dictionary<string, string?>();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null
                    : reader.GetValue(i) is byte[] blob ? $"<{blob.Length} bytes>" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static PrivacySpent Ledger(string path)
    {
        if (!File.Exists(path))
        {
            return new PrivacySpent(false, 0, 0, 0, null);
        }

        long entries = 0;
        double epsilon = 0;
        DateTimeOffset? last = null;
        var releases = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            PrivacyLedgerEntry entry;
            try
            {
                entry = PrivacyLedgerLines.Parse(line, $"'{path}' line {entries + 1}");
            }
            catch (InvalidOperationException e)
            {
                throw new Core.UserErrorException(e.Message, e);
            }

            entries++;
            epsilon += entry.Epsilon;
            releases.Add(entry.ReleaseId);
            last = last is { } l && l > entry.RecordedAt ? l : entry.RecordedAt;
        }

        return new PrivacySpent(true, entries, releases.Count, Math.Round(epsilon, 6), last);
    }

    private static (long Total, Dictionary<string, long> ByEntry) DiskUse(string folder)
    {
        var byEntry = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return (0, byEntry);
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            byEntry[Path.GetFileName(entry)] = File.Exists(entry)
                ? new FileInfo(entry).Length
                : Directory.EnumerateFiles(entry, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        }

        return (byEntry.Values.Sum(), byEntry);
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static Dictionary<string, string> Pairs(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            values[reader.GetString(0)] = Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture) ?? "";
        }

        return values;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    internal static string Json(DataFolderReport report) => JsonSerializer.Serialize(report, InspectJsonContext.Default.DataFolderReport);
}
