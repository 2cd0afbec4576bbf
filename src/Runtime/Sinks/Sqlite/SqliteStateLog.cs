using Microsoft.Data.Sqlite;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// The state saves' item log: <c>state_log</c> holds each save's changed items as a few blobs tagged with
/// the save's generation, and <c>state_log_mark</c> the newest generation published (written in the same
/// transaction as the checkpoint row that names it). Blobs of a higher generation belong to a save that
/// never finished: they are invisible to a restore and dropped by the next save. Every method runs on the
/// store's connection and must be called under its gate.
/// </summary>
internal sealed class SqliteStateLog
{
    private readonly SqliteStore _store;

    public SqliteStateLog(SqliteStore store)
    {
        _store = store;
        lock (store.Gate)
        {
            // A rowid table: blobs append in (generation, seq) order and are read and deleted in that order.
            Execute("""
                CREATE TABLE IF NOT EXISTS state_log (
                    generation INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    stage TEXT NOT NULL,
                    clears INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    PRIMARY KEY (generation, seq)
                );
                CREATE TABLE IF NOT EXISTS state_log_mark (
                    id INTEGER PRIMARY KEY CHECK (id = 0),
                    generation INTEGER NOT NULL
                );
                """);
        }
    }

    /// <summary>The newest published generation (0 before the first save that used the log).</summary>
    public long ReadMark()
    {
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "SELECT generation FROM state_log_mark WHERE id = 0";
        return command.ExecuteScalar() is long mark ? mark : 0;
    }

    /// <summary>Publishes <paramref name="generation"/>: call in the transaction that writes the checkpoint row.</summary>
    public void Publish(long generation) =>
        Execute("INSERT INTO state_log_mark (id, generation) VALUES (0, $g) ON CONFLICT (id) DO UPDATE SET generation = excluded.generation", generation);

    /// <summary>Deletes the blobs of saves that never published (a process killed between its blobs and its mark).</summary>
    public void DropUnpublished(long mark) => Execute("DELETE FROM state_log WHERE generation > $g", mark);

    public void Insert(long generation, int seq, StateLogBlob blob)
    {
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "INSERT INTO state_log (generation, seq, stage, clears, data) VALUES ($g, $s, $stage, $clears, $data)";
        command.Parameters.AddWithValue("$g", generation);
        command.Parameters.AddWithValue("$s", seq);
        command.Parameters.AddWithValue("$stage", blob.Stage);
        command.Parameters.AddWithValue("$clears", blob.Clears ? 1 : 0);
        command.Parameters.Add("$data", SqliteType.Blob).Value = blob.Data;
        command.ExecuteNonQuery();
    }

    /// <summary><paramref name="stage"/>'s published blobs (generation at most <paramref name="mark"/>), in the order they apply.</summary>
    public List<(bool Clears, byte[] Data)> Published(string stage, long mark)
    {
        var blobs = new List<(bool, byte[])>();
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "SELECT clears, data FROM state_log WHERE stage = $stage AND generation <= $mark ORDER BY generation, seq";
        command.Parameters.AddWithValue("$stage", stage);
        command.Parameters.AddWithValue("$mark", mark);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            blobs.Add((reader.GetInt64(0) != 0, reader.GetFieldValue<byte[]>(1)));
        }

        return blobs;
    }

    /// <summary>
    /// The oldest published generations not folded yet, as many as fit in <paramref name="maxBytes"/> of
    /// blobs (the oldest one whatever its size), with their blobs in the order they apply; null when the
    /// log holds none.
    /// </summary>
    public (long First, long Last, List<(string Stage, bool Clears, byte[] Data)> Blobs)? OldestPublished(long mark, long maxBytes)
    {
        long first = 0;
        long last = 0;
        using (SqliteCommand sizes = _store.Connection.CreateCommand())
        {
            // length() of a blob reads its size from the row header, not the blob itself.
            sizes.CommandText = "SELECT generation, SUM(length(data)) FROM state_log WHERE generation <= $mark GROUP BY generation ORDER BY generation";
            sizes.Parameters.AddWithValue("$mark", mark);
            using SqliteDataReader reader = sizes.ExecuteReader();
            long bytes = 0;
            while (reader.Read())
            {
                bytes += reader.GetInt64(1);
                if (first != 0 && bytes > maxBytes)
                {
                    break;
                }

                first = first == 0 ? reader.GetInt64(0) : first;
                last = reader.GetInt64(0);
            }
        }

        if (first == 0)
        {
            return null;
        }

        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "SELECT stage, clears, data FROM state_log WHERE generation BETWEEN $first AND $last ORDER BY generation, seq";
        command.Parameters.AddWithValue("$first", first);
        command.Parameters.AddWithValue("$last", last);
        using SqliteDataReader blobs = command.ExecuteReader();
        var read = new List<(string, bool, byte[])>();
        while (blobs.Read())
        {
            read.Add((blobs.GetString(0), blobs.GetInt64(1) != 0, blobs.GetFieldValue<byte[]>(2)));
        }

        return (first, last, read);
    }

    /// <summary>Blobs in the log, published or not.</summary>
    public long Count()
    {
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM state_log";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>True while <paramref name="generation"/> has blobs in the log (not folded yet).</summary>
    public bool Holds(long generation)
    {
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM state_log WHERE generation = $g)";
        command.Parameters.AddWithValue("$g", generation);
        return (long)command.ExecuteScalar()! != 0;
    }

    /// <summary>Deletes the blobs of generations up to <paramref name="last"/> once they are folded.</summary>
    public void DeleteThrough(long last) => Execute("DELETE FROM state_log WHERE generation <= $g", last);

    private void Execute(string sql, long? generation = null)
    {
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = sql;
        if (generation is { } g)
        {
            command.Parameters.AddWithValue("$g", g);
        }

        command.ExecuteNonQuery();
    }
}
