using Microsoft.Data.Sqlite;

namespace StreamGuard.Processor.Sinks.Sqlite;

/// <summary>
/// The embedded state database (one SQLite file per data folder, WAL mode). One connection,
/// used under a lock: SQLite serialises writers anyway, and batching makes each write large.
/// </summary>
public sealed class SqliteStore : IDisposable
{
    public const string FileName = "streamguard.db";
    private static int s_initialised;

    public SqliteStore(string dataDirectory)
    {
        if (Interlocked.Exchange(ref s_initialised, 1) == 0)
        {
            SQLitePCL.Batteries_V2.Init();
        }

        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        Connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        Connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA busy_timeout=5000; PRAGMA cache_size=-131072; PRAGMA mmap_size=268435456; PRAGMA wal_autocheckpoint=10000;");
        Execute(SqliteSchema.Create);
        FolderId = ReadOrCreateFolderId();
    }

    public string Path { get; }

    /// <summary>
    /// A random id given to the data folder when its database was created: saved state carries it,
    /// so state copied in from another folder is recognised instead of being mixed into this one.
    /// </summary>
    public string FolderId { get; }

    public Lock Gate { get; } = new();

    internal SqliteConnection Connection { get; }

    public void Execute(string sql)
    {
        lock (Gate)
        {
            using SqliteCommand command = Connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    public long Count(string table)
    {
        lock (Gate)
        {
            using SqliteCommand command = Connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {SqliteSchema.Table(table)}";
            return (long)command.ExecuteScalar()!;
        }
    }

    private string ReadOrCreateFolderId()
    {
        lock (Gate)
        {
            using SqliteCommand command = Connection.CreateCommand();
            command.CommandText = """
                INSERT INTO folder_meta (name, value) VALUES ('folder_id', $id) ON CONFLICT (name) DO NOTHING;
                SELECT value FROM folder_meta WHERE name = 'folder_id';
                """;
            command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
            return (string)command.ExecuteScalar()!;
        }
    }

    public void Dispose() => Connection.Dispose();
}
