using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Incremental stages' items in <c>state_items</c> (one row per stage, kind and key). Written on the
/// state store's connection inside its write group, so the rows commit with the checkpoint row.
/// </summary>
internal sealed class SqliteStateItems
{
    private const int RowsPerStatement = 64;
    private readonly SqliteStore _store;

    public SqliteStateItems(SqliteStore store)
    {
        _store = store;
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

    /// <summary>Applies a save's items: a full capture replaces the stage's rows, a delta upserts and deletes; a whole state drops any rows its stage left. Call under the gate, in the write group.</summary>
    public void Apply(IReadOnlyList<StageState> stages)
    {
        foreach (StageState stage in stages)
        {
            if (stage.Shard is not null && stage.Items is not null)
            {
                throw new InvalidOperationException($"Stage '{stage.Name}' of shard {stage.Shard} was captured as items: the embedded state store keeps one chain's state, not one per shard.");
            }

            if (stage.Items is not { } items || items.Full)
            {
                DeleteAll(stage.Name);
            }

            if (stage.Items is { } changes)
            {
                Upsert(stage.Name, changes);
                Delete(stage.Name, changes);
            }
        }
    }

    /// <summary>Every item saved for <paramref name="stage"/>.</summary>
    public List<StateItem> Read(string stage)
    {
        var items = new List<StateItem>();
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT kind, key, data FROM state_items WHERE stage = $stage";
            command.Parameters.AddWithValue("$stage", stage);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(new StateItem((byte)reader.GetInt32(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2)));
            }
        }

        return items;
    }

    private void DeleteAll(string stage)
    {
        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "DELETE FROM state_items WHERE stage = $stage";
        command.Parameters.AddWithValue("$stage", stage);
        command.ExecuteNonQuery();
    }

    private void Upsert(string stage, StateItems items)
    {
        if (items.UpsertCount == 0)
        {
            return;
        }

        // In key order: the table's B-tree is then walked (and, after a full capture's delete, filled) front
        // to back instead of at random pages, which is most of what a save of many items costs.
        int[] order = new int[items.UpsertCount];
        (byte Kind, long Key)[] keys = new (byte, long)[items.UpsertCount];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            (byte k, long id, _) = items.UpsertAt(i);
            keys[i] = (k, id);
        }

        Array.Sort(keys, order);

        // Rows a statement: one statement per item spent more time binding and stepping than writing.
        using SqliteCommand many = UpsertCommand(stage, RowsPerStatement);
        using SqliteCommand one = UpsertCommand(stage, 1);
        int next = 0;
        for (; next + RowsPerStatement <= order.Length; next += RowsPerStatement)
        {
            for (int row = 0; row < RowsPerStatement; row++)
            {
                Bind(many, row, items.UpsertAt(order[next + row]));
            }

            many.ExecuteNonQuery();
        }

        for (; next < order.Length; next++)
        {
            Bind(one, 0, items.UpsertAt(order[next]));
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

    private static void Bind(SqliteCommand command, int row, (byte Kind, long Key, ReadOnlyMemory<byte> Data) item)
    {
        // Parameters were added three per row, in row order; $stage last.
        command.Parameters[3 * row].Value = (int)item.Kind;
        command.Parameters[(3 * row) + 1].Value = item.Key;
        command.Parameters[(3 * row) + 2].Value = item.Data.ToArray();
    }

    private void Delete(string stage, StateItems items)
    {
        if (items.RemovedCount == 0)
        {
            return;
        }

        using SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = "DELETE FROM state_items WHERE stage = $stage AND kind = $kind AND key = $key";
        command.Parameters.AddWithValue("$stage", stage);
        SqliteParameter kind = command.Parameters.Add("$kind", SqliteType.Integer);
        SqliteParameter key = command.Parameters.Add("$key", SqliteType.Integer);
        command.Prepare();
        (byte Kind, long Key)[] removed = new (byte, long)[items.RemovedCount];
        for (int i = 0; i < removed.Length; i++)
        {
            removed[i] = items.RemovedAt(i);
        }

        Array.Sort(removed);
        foreach ((byte k, long id) in removed)
        {
            kind.Value = (int)k;
            key.Value = id;
            command.ExecuteNonQuery();
        }
    }
}
