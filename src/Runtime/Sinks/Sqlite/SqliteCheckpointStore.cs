using Microsoft.Data.Sqlite;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>Shard checkpoints in the embedded database.</summary>
public sealed class SqliteCheckpointStore : ICheckpointStore
{
    private readonly SqliteStore _store;
    private readonly TimeProvider _time;

    public SqliteCheckpointStore(SqliteStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken)
    {
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT sequence_number FROM checkpoints WHERE shard_id = $shard";
            command.Parameters.AddWithValue("$shard", shardId);
            return Task.FromResult((string?)command.ExecuteScalar());
        }
    }

    public Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken)
    {
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = """
                INSERT INTO checkpoints (shard_id, sequence_number, updated_at) VALUES ($shard, $seq, $at)
                ON CONFLICT (shard_id) DO UPDATE SET sequence_number = excluded.sequence_number, updated_at = excluded.updated_at
                """;
            command.Parameters.AddWithValue("$shard", shardId);
            command.Parameters.AddWithValue("$seq", sequenceNumber);
            command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }
}
