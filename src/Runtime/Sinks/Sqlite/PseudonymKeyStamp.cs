using Microsoft.Data.Sqlite;
using StreamGuard.Privacy;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Stamps the embedded database with the id of the key its pseudonyms were made with. A later
/// start with another key would silently split every customer's history in two (old rows under
/// old pseudonyms, new rows under new ones), so it is refused unless the old key is configured
/// as a previous key (a rotation, see docs/privacy.md).
/// </summary>
public static class PseudonymKeyStamp
{
    private const string Name = "pseudonym_key_id";

    /// <summary>Checks the stored key id against the ring, then records the current key as the one in use.</summary>
    /// <returns>The key id the history was made with, or null for a new database.</returns>
    public static string? CheckAndStamp(SqliteStore store, PseudonymKeyRing ring)
    {
        store.Execute("CREATE TABLE IF NOT EXISTS privacy_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;");
        string? stored;
        lock (store.Gate)
        {
            using SqliteCommand read = store.Connection.CreateCommand();
            read.CommandText = "SELECT value FROM privacy_meta WHERE name = $name";
            read.Parameters.AddWithValue("$name", Name);
            stored = read.ExecuteScalar() as string;
        }

        if (stored is not null && !ring.Knows(stored))
        {
            throw new InvalidOperationException(
                $"The data folder's history was pseudonymised with key {stored}, but the pseudonym key now is {ring.Current.Id} ({ring.Current.Origin}). "
                + "Restore that key, or rotate: put the old key in StreamGuard:Privacy:PreviousPseudonymKeys (see docs/privacy.md).");
        }

        lock (store.Gate)
        {
            using SqliteCommand write = store.Connection.CreateCommand();
            write.CommandText = "INSERT INTO privacy_meta (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value";
            write.Parameters.AddWithValue("$name", Name);
            write.Parameters.AddWithValue("$value", ring.Current.Id);
            write.ExecuteNonQuery();
        }

        return stored;
    }
}
