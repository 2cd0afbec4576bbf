using Microsoft.Data.Sqlite;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Embedded mode's global models: one row per published version in the data folder's database
/// (table <c>shared_models</c>), the newest few kept. A version is added only as the newest plus one,
/// checked in the same statement, so a stale publisher is refused rather than written over.
/// </summary>
public sealed class SqliteSharedModelStore : ISharedModelStore
{
    /// <summary>Older versions kept for a look back; the rest are deleted as new ones come.</summary>
    public const int KeptVersions = 3;
    private readonly SqliteStore _store;

    public SqliteSharedModelStore(SqliteStore store)
    {
        _store = store;
        store.Execute("""
            CREATE TABLE IF NOT EXISTS shared_models (
                version INTEGER PRIMARY KEY,
                publisher TEXT NOT NULL,
                published_at INTEGER NOT NULL,
                data BLOB NOT NULL)
            """);
    }

    public Task<SharedModelVersion?> GetNewerAsync(long knownVersion, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(ReadNewer(knownVersion));
        }
        catch (SqliteException e)
        {
            throw new IOException($"The shared model versions in {_store.Path} could not be read: {e.Message}", e);
        }
    }

    public Task<bool> TryPublishAsync(SharedModelVersion next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return Task.FromResult(Publish(next));
        }
        catch (SqliteException e)
        {
            throw new IOException($"Shared model version {next.Version} could not be written to {_store.Path}: {e.Message}", e);
        }
    }

    private SharedModelVersion? ReadNewer(long knownVersion)
    {
        lock (_store.Gate)
        {
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = "SELECT version, publisher, published_at, data FROM shared_models WHERE version > $known ORDER BY version DESC LIMIT 1";
            command.Parameters.AddWithValue("$known", knownVersion);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read()
                ? new SharedModelVersion(reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), (byte[])reader.GetValue(3))
                : null;
        }
    }

    private bool Publish(SharedModelVersion next)
    {
        lock (_store.Gate)
        {
            // The check and the insert in one statement: it inserts only when the newest stored is exactly one below.
            using SqliteCommand command = _store.Connection.CreateCommand();
            command.CommandText = """
                INSERT INTO shared_models (version, publisher, published_at, data)
                SELECT $version, $publisher, $at, $data
                WHERE (SELECT COALESCE(MAX(version), 0) FROM shared_models) = $version - 1
                """;
            command.Parameters.AddWithValue("$version", next.Version);
            command.Parameters.AddWithValue("$publisher", next.Publisher);
            command.Parameters.AddWithValue("$at", next.PublishedAt.ToUnixTimeMilliseconds());
            command.Parameters.Add("$data", SqliteType.Blob).Value = next.Data;
            if (command.ExecuteNonQuery() == 0)
            {
                return false;
            }

            using SqliteCommand prune = _store.Connection.CreateCommand();
            prune.CommandText = "DELETE FROM shared_models WHERE version <= $version - $kept";
            prune.Parameters.AddWithValue("$version", next.Version);
            prune.Parameters.AddWithValue("$kept", KeptVersions);
            prune.ExecuteNonQuery();
            return true;
        }
    }
}
