using StreamGuard.Core.Storage;
using Microsoft.Data.Sqlite;
using StreamGuard.Core;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// The embedded state database (one SQLite file per data folder, WAL mode). One connection,
/// used under a lock: SQLite serialises writers anyway, and batching makes each write large.
/// </summary>
public sealed class SqliteStore : IDisposable
{
    public const string FileName = "streamguard.db";
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private static int s_initialised;

    /// <summary>
    /// Log pages (4 KB) at which a commit copies the log into the file itself. 10,000 when every
    /// checkpoint was automatic; now only the backstop of <see cref="StartBackgroundCheckpoints"/>.
    /// </summary>
    private const int BackstopCheckpointPages = 50_000;
    private SqliteWalCheckpointer? _checkpointer;
    private SqliteStateFold? _fold;
    private long _commits;
    private TimeSpan _commitTime;
    private TimeSpan _longestCommit;

    public SqliteStore(string dataDirectory)
    {
        if (Interlocked.Exchange(ref s_initialised, 1) == 0)
        {
            SQLitePCL.Batteries_V2.Init();
        }

        DataFolderPermissions.Secure(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        DataFolderPermissions.CreateFileIfMissing(Path);
        bool closedCleanly = SqliteCleanClose.ConsumeMarker(Path);
        Connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        try
        {
            Connection.Open();
            // No memory map: pages read through it count in the process's resident memory up to the
            // map's size (256 MB before), on top of the page cache; reads from the OS cache cost a
            // system call instead. synchronous=NORMAL in WAL mode: a crash of the process loses no
            // commit, a power loss may lose the last commits (never half of one). A 32 MB page cache:
            // it fills as the tables grow and counts whole in RSS. Round six cut it from 64 to 16 MB
            // (25-64 MB less RSS at 100k-250k events, the sink's time within the noise). The larger write
            // groups of session 13 dirty more pages than 16 MB holds, which SQLite spills to the log before
            // the commit: at 1M events 32 MB ran 14.0-14.9k events/s (16 MB 13.8-14.0k, 64 MB 15.1-15.5k)
            // at the same RSS as 16 MB; 64 MB cost 60 MB more (docs/performance.md, session 13).
            Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768; PRAGMA mmap_size=0; PRAGMA wal_autocheckpoint=10000;");

            if (!closedCleanly)
            {
                CheckIntegrity();
            }
            Execute(SqliteSchema.Create);
            SqliteSchema.Migrate(this);
            FolderId = ReadOrCreateFolderId();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            Connection.Dispose();
            throw Corrupt(e.Message, e);
        }
        catch (UserErrorException)
        {
            Connection.Dispose();
            throw;
        }

        // SQLite made the WAL and shared-memory files just now, with the database's mode; make sure.
        DataFolderPermissions.SecureFiles(Path + "-wal", Path + "-shm");
    }

    public string Path { get; }

    /// <summary>
    /// A random id given to the data folder when its database was created: saved state carries it,
    /// so state copied in from another folder is recognised instead of being mixed into this one.
    /// </summary>
    public string FolderId { get; }

    public Lock Gate { get; } = new();

    internal SqliteConnection Connection { get; }

    /// <summary>A transaction is open on the connection (the sink's write group): writes made now commit with it.</summary>
    internal bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle!) == 0;

    /// <summary>
    /// Opens the write group unless one is open. Plain BEGIN through SQLite itself rather than
    /// <see cref="SqliteConnection.BeginTransaction()"/>: the group stays open between batches while
    /// the checkpoint and state stores write on the same connection with their own commands, which
    /// Microsoft.Data.Sqlite refuses during one of its own transactions. Call under <see cref="Gate"/>.
    /// </summary>
    internal void BeginGroup()
    {
        if (!InTransaction)
        {
            Run("BEGIN");
        }
    }

    /// <summary>Runs inside the write group just before it commits: the sink writes what it keeps per key for the whole group.</summary>
    internal Action? BeforeCommit { get; set; }

    /// <summary>Runs when the write group was rolled back: what was kept for it is dropped too.</summary>
    internal Action? AfterRollback { get; set; }

    /// <summary>
    /// Commits the open write group, if any: every batch, progress mark, checkpoint and state written
    /// since it began becomes durable at once (with synchronous=NORMAL in WAL mode: safe against a
    /// crash of the process, not against a power loss, which may lose the last commits but never
    /// half of one).
    /// </summary>
    public void CommitPending()
    {
        lock (Gate)
        {
            if (InTransaction)
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    BeforeCommit?.Invoke();
                }
                catch (Exception)
                {
                    // Half of what was kept for the group must not commit: drop the whole group.
                    RollbackPending();
                    throw;
                }

                Run("COMMIT");
                TimeSpan took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                _commits++;
                _commitTime += took;
                _longestCommit = took > _longestCommit ? took : _longestCommit;
                _checkpointer?.Committed();
            }
        }
    }

    /// <summary>
    /// Copies the log into the database on a thread of its own from now on (the writing pipeline
    /// calls this; readers such as the console do not), at most once per <paramref name="minInterval"/>.
    /// </summary>
    public void StartBackgroundCheckpoints(TimeSpan minInterval)
    {
        lock (Gate)
        {
            if (_checkpointer is null)
            {
                _checkpointer = new SqliteWalCheckpointer(Path, minInterval);
                Execute(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint={BackstopCheckpointPages};"));
            }
        }
    }

    /// <summary>Log copies the background thread made (0 without <see cref="StartBackgroundCheckpoints"/>).</summary>
    public long BackgroundCheckpoints => _checkpointer?.Checkpoints ?? 0;

    /// <summary>Commits and background log copies so far, with their durations.</summary>
    public SqliteTimings Timings
    {
        get
        {
            lock (Gate)
            {
                return new SqliteTimings(_commits, _commitTime, _longestCommit,
                    _checkpointer?.Checkpoints ?? 0, _checkpointer?.CheckpointTime ?? TimeSpan.Zero, _checkpointer?.LongestCheckpoint ?? TimeSpan.Zero,
                    _checkpointer?.LargestLogPages ?? 0);
            }
        }
    }

    /// <summary>Write groups rolled back so far: a writer that spreads its rows over the group sees whether some were dropped.</summary>
    internal long Rollbacks { get; private set; }

    /// <summary>
    /// The state fold of this connection, made by <paramref name="create"/> on the first call: the one
    /// thread besides the pipeline's that writes on it, stopped before it closes. Every state store
    /// object on the connection shares it, so two folds never write over each other.
    /// </summary>
    internal SqliteStateFold Fold(Func<SqliteStateFold> create)
    {
        lock (Gate)
        {
            return _fold ??= create();
        }
    }

    /// <summary>Drops the open write group (a batch failed half-way): nothing of it, its marks included, is kept.</summary>
    internal void RollbackPending()
    {
        lock (Gate)
        {
            if (InTransaction)
            {
                Run("ROLLBACK");
                Rollbacks++;
            }

            AfterRollback?.Invoke();
        }
    }

    private void Run(string sql)
    {
        using var statement = new RawStatement(Connection, sql);
        statement.Execute();
    }

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

    /// <summary>
    /// The value stored under <paramref name="name"/> in the folder's own settings, storing
    /// <paramref name="value"/> first when there is none: the first writer's value is kept.
    /// </summary>
    public string KeepFolderSetting(string name, string value)
    {
        lock (Gate)
        {
            using SqliteCommand command = Connection.CreateCommand();
            command.CommandText = """
                INSERT INTO folder_meta (name, value) VALUES ($name, $value) ON CONFLICT (name) DO NOTHING;
                SELECT value FROM folder_meta WHERE name = $name;
                """;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$value", value);
            return (string)command.ExecuteScalar()!;
        }
    }

    private string ReadOrCreateFolderId() => KeepFolderSetting("folder_id", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// A damaged database must stop the start, not be written on: SQLite's quick check reads every
    /// page and index (about a second per few hundred MB), and the error says how to recover. A
    /// database unchanged since a clean close skips it (<see cref="SqliteCleanClose"/>).
    /// </summary>
    private void CheckIntegrity()
    {
        var problems = new List<string>();
        using (SqliteCommand command = Connection.CreateCommand())
        {
            command.CommandText = "PRAGMA quick_check(5)";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                problems.Add(reader.GetString(0));
            }
        }

        if (problems is not ["ok"])
        {
            throw Corrupt(string.Join("; ", problems).ReplaceLineEndings(" "), null);
        }
    }

    private UserErrorException Corrupt(string detail, Exception? inner) =>
        new($"The database '{Path}' is damaged ({detail.TrimEnd('.')}): restore the folder from a backup or run with --reset to start it over.", 2, inner);

    public void Dispose()
    {
        // The fold writing on the connection stops first; the checkpointer's connection closes before
        // the writer's, so the writer's close is the last one and empties the log.
        _fold?.Dispose();

        _checkpointer?.Dispose();
        Connection.Dispose();
        SqliteCleanClose.Mark(Path);
    }
}
