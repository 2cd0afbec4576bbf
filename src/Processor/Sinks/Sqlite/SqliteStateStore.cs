using Microsoft.Data.Sqlite;
using StreamGuard.Processor.State;

namespace StreamGuard.Processor.Sinks.Sqlite;

/// <summary>The state checkpoint in the embedded database: one row, replaced in one transaction.</summary>
public sealed class SqliteStateStore : IStateStore
{
    private const string Row = "checkpoint";
    private readonly SqliteStore _store;

    public SqliteStateStore(SqliteStore store) => _store = store;

    public Task<StateCheckpoint?> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT data FROM state WHERE name = $name";
            command.Parameters.AddWithValue("$name", Row);
            return Task.FromResult(command.ExecuteScalar() is byte[] bytes ? StateCheckpoint.FromBytes(bytes) : null);
        }
    }

    public Task SaveAsync(StateCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        byte[] bytes = checkpoint.ToBytes();
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = """
                INSERT INTO state (name, data, saved_at) VALUES ($name, $data, $at)
                ON CONFLICT (name) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at
                """;
            command.Parameters.AddWithValue("$name", Row);
            command.Parameters.Add("$data", SqliteType.Blob).Value = bytes;
            command.Parameters.AddWithValue("$at", checkpoint.TakenAt.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }
}
