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
        // opened yet has none, and its rows are read one by one.
        command.CommandText = (long)command.ExecuteScalar()! > 0
            ? "SELECT customer_id, age_band, home_state, home_zip3, home_cell, row_count FROM quasi_identifiers WHERE row_count > 0"
            : """
                SELECT customer_id, json_extract(json, '$.age_band'), json_extract(json, '$.home_state'),
                       json_extract(json, '$.home_zip3'), json_extract(json, '$.home_cell'), COUNT(*)
                FROM transactions GROUP BY 1, 2, 3, 4, 5
                """;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            check.Add(reader.GetString(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), reader.GetInt64(5));
        }

        return check.Report();
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
