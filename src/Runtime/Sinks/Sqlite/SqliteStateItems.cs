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
    public void Write(string stage, ReadOnlySpan<(byte Kind, long Key, ReadOnlyMemory<byte>? Data)> entries)
    {
        // Rows a statement: one statement per item spent more time binding and stepping than writing. Bound
        // by position (RawStatement): Microsoft.Data.Sqlite looked each of a statement's 193 parameters up by
        // name among all of them, which cost the fold as much as the writing.
        using RawStatement many = UpsertStatement(stage, RowsPerStatement);
        using RawStatement one = UpsertStatement(stage, 1);
        using var delete = new RawStatement(_store.Connection, "DELETE FROM state_items WHERE stage = ?1 AND kind = ?2 AND key = ?3");
        delete.Bind(1, stage);
        int pending = 0;
        int first = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            (byte kind, long key, ReadOnlyMemory<byte>? data) = entries[i];
            if (data is null)
            {
                delete.Bind(2, kind);
                delete.Bind(3, key);
                delete.Execute();
                continue;
            }

            Bind(many, pending++, kind, key, data.Value.Span);
            if (pending == RowsPerStatement)
            {
                many.Execute();
                pending = 0;
                first = i + 1;
            }
        }

        // The rows bound to the last, unfilled statement go one at a time.
        for (int i = first; i < entries.Length; i++)
        {
            if (entries[i].Data is { } data)
            {
                Bind(one, 0, entries[i].Kind, entries[i].Key, data.Span);
                one.Execute();
            }
        }
    }

    private RawStatement UpsertStatement(string stage, int rows)
    {
        var values = new StringBuilder();
        for (int row = 0; row < rows; row++)
        {
            int at = 2 + (3 * row);
            values.Append(row == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(?1, ?{at}, ?{at + 1}, ?{at + 2})");
        }

        var statement = new RawStatement(_store.Connection,
            $"INSERT INTO state_items (stage, kind, key, data) VALUES {values} ON CONFLICT (stage, kind, key) DO UPDATE SET data = excluded.data");
        statement.Bind(1, stage);
        return statement;
    }

    private static void Bind(RawStatement statement, int row, byte kind, long key, ReadOnlySpan<byte> data)
    {
        // ?1 is the stage; then three per row, in row order.
        int at = 2 + (3 * row);
        statement.Bind(at, kind);
        statement.Bind(at + 1, key);
        statement.BindBlob(at + 2, data);
    }
}
