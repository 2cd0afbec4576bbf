using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Incremental stages' items as folded so far, in <c>state_items</c> (one row per stage, kind and key).
/// A save does not write here: it appends its changes to <see cref="SqliteStateLog"/>, and
/// <see cref="SqliteStateFold"/> folds them in later, a slice at a time. So the stage's items are these
/// rows with the published log blobs applied over them (<see cref="Read"/>).
/// </summary>
internal sealed class SqliteStateItems
{
    private const int RowsPerStatement = 64;
    private readonly SqliteStore _store;
    private readonly SqliteStateLog _log;

    public SqliteStateItems(SqliteStore store, SqliteStateLog log)
    {
        _store = store;
        _log = log;
        lock (store.Gate)
        {
            using SqliteCommand command = store.Connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS state_items (
                    stage TEXT NOT NULL,
                    kind INTEGER NOT NULL,
                    key INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    PRIMARY KEY (stage, kind, key)
                ) WITHOUT ROWID
                """;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Every item of <paramref name="stage"/> as of the save that published <paramref name="mark"/>: the
    /// folded rows, then each published blob not folded yet, in order. Applying a blob again over rows
    /// a fold already wrote part of gives the same items (each entry sets or removes one key), so a
    /// fold killed half-way needs no record of how far it got. In key order, as the table gives them.
    /// </summary>
    public List<StateItem> Read(string stage, long mark)
    {
        var items = new List<StateItem>();
        List<(bool Clears, byte[] Data)> blobs;
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT kind, key, data FROM state_items WHERE stage = $stage";
            command.Parameters.AddWithValue("$stage", stage);
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    items.Add(new StateItem((byte)reader.GetInt32(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2)));
                }
            }

            blobs = _log.Published(stage, mark);
        }

        if (blobs.Count == 0)
        {
            return items;
        }

        var byKey = items.ToDictionary(i => (i.Kind, i.Key), i => i.Data);
        foreach ((bool clears, byte[] data) in blobs)
        {
            StateLogBlob.ApplyTo(byKey, clears, StateLogBlob.Decode(data));
        }

        return [.. byKey.OrderBy(p => p.Key).Select(p => new StateItem(p.Key.Kind, p.Key.Key, p.Value))];
    }

    /// <summary>Deletes up to <paramref name="limit"/> of <paramref name="stage"/>'s rows; returns how many. Call under the gate.</summary>
    public int DeleteSome(string stage, int limit)
    {
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "DELETE FROM state_items WHERE stage = $stage AND (kind, key) IN (SELECT kind, key FROM state_items WHERE stage = $stage LIMIT $limit)";
        command.Parameters.AddWithValue("$stage", stage);
        command.Parameters.AddWithValue("$limit", limit);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Writes <paramref name="entries"/> (an upsert has its bytes, a removal null; at most one per key,
    /// in key order so the B-tree is walked front to back instead of at random pages). Call under the gate.
    /// </summary>
    public void Write(string stage, ReadOnlySpan<(byte Kind, long Key, byte[]? Data)> entries)
    {
        // Rows a statement: one statement per item spent more time binding and stepping than writing.
        using SqliteCommand many = UpsertCommand(stage, RowsPerStatement);
        using SqliteCommand one = UpsertCommand(stage, 1);
        using SqliteCommand delete = DeleteCommand(stage);
        var pending = new List<(byte Kind, long Key, byte[] Data)>(RowsPerStatement);
        foreach ((byte kind, long key, byte[]? data) in entries)
        {
            if (data is null)
            {
                delete.Parameters[0].Value = (int)kind;
                delete.Parameters[1].Value = key;
                delete.ExecuteNonQuery();
                continue;
            }

            pending.Add((kind, key, data));
            if (pending.Count == RowsPerStatement)
            {
                for (int row = 0; row < RowsPerStatement; row++)
                {
                    Bind(many, row, pending[row]);
                }

                many.ExecuteNonQuery();
                pending.Clear();
            }
        }

        foreach ((byte Kind, long Key, byte[] Data) item in pending)
        {
            Bind(one, 0, item);
            one.ExecuteNonQuery();
        }
    }

    private SqliteCommand UpsertCommand(string stage, int rows)
    {
        SqliteCommand command = _store.Connection.CreateCommand();
        var values = new StringBuilder();
        for (int row = 0; row < rows; row++)
        {
            values.Append(row == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"($stage, $k{row}, $key{row}, $d{row})");
            command.Parameters.Add($"$k{row}", SqliteType.Integer);
            command.Parameters.Add($"$key{row}", SqliteType.Integer);
            command.Parameters.Add($"$d{row}", SqliteType.Blob);
        }

        command.CommandText = $"INSERT INTO state_items (stage, kind, key, data) VALUES {values} ON CONFLICT (stage, kind, key) DO UPDATE SET data = excluded.data";
        command.Parameters.AddWithValue("$stage", stage);
        command.Prepare();
        return command;
    }

    private SqliteCommand DeleteCommand(string stage)
    {
        SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "DELETE FROM state_items WHERE stage = $stage AND kind = $kind AND key = $key";
        command.Parameters.Add("$kind", SqliteType.Integer);
        command.Parameters.Add("$key", SqliteType.Integer);
        command.Parameters.AddWithValue("$stage", stage);
        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, int row, (byte Kind, long Key, byte[] Data) item)
    {
        // Parameters were added three per row, in row order; $stage last.
        command.Parameters[3 * row].Value = (int)item.Kind;
        command.Parameters[(3 * row) + 1].Value = item.Key;
        command.Parameters[(3 * row) + 2].Value = item.Data;
    }
}
