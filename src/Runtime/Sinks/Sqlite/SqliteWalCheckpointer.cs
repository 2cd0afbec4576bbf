using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on its own thread and connection, so the
/// sink's commits only append to the log. With SQLite's automatic checkpoint the commit that
/// crosses the threshold copies tens of MB and syncs the file on the delivery path (a second or
/// more under load: the p99 of a steady stream and a tenth of the sink's time at full speed).
/// A passive checkpoint never blocks the writer, and the writer restarts the log from its start
/// once a checkpoint has copied all of it. The store keeps automatic checkpoints at a high
/// threshold as a backstop, should this thread fall behind or fail.
/// </summary>
internal sealed class SqliteWalCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly AutoResetEvent _committed = new(false);
    private readonly ManualResetEvent _stop = new(false);
    private readonly Thread _thread;
    private readonly TimeSpan _minInterval;
    private long _checkpoints;
    private long _checkpointTicks;
    private long _largestLog;
    private long _longestTicks;

    public SqliteWalCheckpointer(string path, TimeSpan minInterval)
    {
        _minInterval = minInterval;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        // A checkpoint on a connection that has not read the database yet does nothing and says
        // SQLITE_OK: SQLite opens the log on the first read (it learns the file is in WAL mode from
        // its header). So read once; the log then stays open with the connection.
        using (SqliteCommand read = _connection.CreateCommand())
        {
            read.CommandText = "PRAGMA schema_version";
            read.ExecuteScalar();
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-wal-checkpoint" };
        _thread.Start();
    }

    /// <summary>Passive checkpoints that ran.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>The most pages (frames) a checkpoint found in the log: how far the log grows between copies.</summary>
    public long LargestLogPages => Interlocked.Read(ref _largestLog);

    /// <summary>Wall time the passive checkpoints took in all.</summary>
    public TimeSpan CheckpointTime => TimeSpan.FromTicks(Interlocked.Read(ref _checkpointTicks));

    /// <summary>The longest passive checkpoint.</summary>
    public TimeSpan LongestCheckpoint => TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks));

    /// <summary>The first error a checkpoint returned (then the backstop takes over); null while none did.</summary>
    public string? Error { get; private set; }

    /// <summary>A commit added to the log: copy it when the last copy is at least the interval old.</summary>
    public void Committed() => _committed.Set();

    private void Run()
    {
        WaitHandle[] wake = [_stop, _committed];
        while (WaitHandle.WaitAny(wake) == 1)
        {
            long started = Stopwatch.GetTimestamp();
            int result = raw.sqlite3_wal_checkpoint_v2(_connection.Handle!, null, raw.SQLITE_CHECKPOINT_PASSIVE, out int logFrames, out _);
            long took = Stopwatch.GetElapsedTime(started).Ticks;
            Interlocked.Add(ref _checkpointTicks, took);
            if (logFrames > Interlocked.Read(ref _largestLog))
            {
                Interlocked.Exchange(ref _largestLog, logFrames);
            }

            if (took > Interlocked.Read(ref _longestTicks))
            {
                Interlocked.Exchange(ref _longestTicks, took);
            }

            if (result is not (raw.SQLITE_OK or raw.SQLITE_BUSY or raw.SQLITE_LOCKED))
            {
                // Nothing is lost: the log still holds every commit and the writer's automatic
                // checkpoint (the backstop) copies it from now on.
                Error = $"SQLite error {result}: {raw.sqlite3_errmsg(_connection.Handle!).utf8_to_string()}";
                return;
            }

            Interlocked.Increment(ref _checkpoints);
            if (_stop.WaitOne(_minInterval))
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _connection.Dispose();
        _committed.Dispose();
        _stop.Dispose();
    }
}
