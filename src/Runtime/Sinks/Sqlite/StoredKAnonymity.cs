using Microsoft.Data.Sqlite;
using StreamGuard.Privacy;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>The k-anonymity check over the transactions a data folder's database holds (what its rows would publish).</summary>
public static class StoredKAnonymity
{
    /// <summary>Reads the quasi-identifiers of the stored transactions, one row per class and customer.</summary>
    public static KAnonymityReport Read(SqliteConnection connection, int k = KAnonymityCheck.DefaultK)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var check = new KAnonymityCheck(k);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'quasi_identifiers'";
        // The sink's per-customer counts (SqliteQuasiIdentifiers); a database no writer of this version
        // opened yet has none, and its rows are counted the way the table would hold them.
        command.CommandText = (long)command.ExecuteScalar()! > 0
            ? "SELECT customer_id, age_band, home_state, home_zip3, home_cell, row_count FROM quasi_identifiers WHERE row_count > 0"
            : SqliteQuasiIdentifiers.CountedFromTransactions;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            // Both queries give '' for an absent value, never NULL.
            check.Add(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5));
        }

        return check.Report();
    }
}
