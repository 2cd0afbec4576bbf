using Microsoft.Data.Sqlite;
using StreamGuard.Core.Model;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Keeps <c>quasi_identifiers</c>: how many stored transactions each customer has with each set of
/// quasi-identifier values (age band, home state, 3-digit zip, home cell), so the k-anonymity check
/// (<see cref="StoredKAnonymity"/>) reads a row per customer and class instead of parsing the JSON
/// of every stored transaction. The sink reports each row it stores or removes; the changes are kept
/// per class until the write group commits (<see cref="Flush"/>) and dropped with it on a rollback
/// (<see cref="Discard"/>), like the budget standings.
/// </summary>
internal sealed class SqliteQuasiIdentifiers : IDisposable
{
    /// <summary>The classes of the stored rows, as the table holds them (an absent value as ''): the backfill and the check agree on it.</summary>
    public const string FromTransactions = """
        SELECT customer_id, COALESCE(json_extract(json, '$.age_band'), ''), COALESCE(json_extract(json, '$.home_state'), ''),
               COALESCE(json_extract(json, '$.home_zip3'), ''), COALESCE(json_extract(json, '$.home_cell'), '')
        FROM transactions
        """;

    /// <summary>The stored rows counted per customer and class: the table's rows, for its backfill or for a database without it.</summary>
    public const string CountedFromTransactions = "SELECT *, COUNT(*) FROM (" + FromTransactions + ") GROUP BY 1, 2, 3, 4, 5";

    /// <summary>The upsert tail that adds rows to a class already there.</summary>
    public const string AddRows = "ON CONFLICT (customer_id, age_band, home_state, home_zip3, home_cell) DO UPDATE SET row_count = row_count + excluded.row_count";

    private readonly RawStatement _add;
    private readonly RawStatement _dropEmpty;
    private readonly SqliteCommand _readStored;
    private readonly Dictionary<(string Customer, string AgeBand, string State, string Zip3, string Cell), long> _changes = [];

    public SqliteQuasiIdentifiers(SqliteStore store)
    {
        _add = new RawStatement(store.Connection,
            "INSERT INTO quasi_identifiers VALUES (?1, ?2, ?3, ?4, ?5, ?6) " + AddRows);
        _dropEmpty = new RawStatement(store.Connection,
            "DELETE FROM quasi_identifiers WHERE customer_id = ?1 AND age_band = ?2 AND home_state = ?3 AND home_zip3 = ?4 AND home_cell = ?5 AND row_count <= 0");
        _readStored = store.Connection.CreateCommand();
        _readStored.CommandText = FromTransactions + " WHERE transaction_id = $id";
        _readStored.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
    }

    /// <summary>
    /// Makes the table when the database has none (a new one, or one of an earlier version, whose stored
    /// rows are counted into it once, in one transaction).
    /// </summary>
    public static void CreateTable(SqliteStore store) => SqliteMigration.RunOnce(store,
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'quasi_identifiers'", """
            CREATE TABLE quasi_identifiers (
                customer_id TEXT NOT NULL,
                age_band TEXT NOT NULL,
                home_state TEXT NOT NULL,
                home_zip3 TEXT NOT NULL,
                home_cell TEXT NOT NULL,
                row_count INTEGER NOT NULL,
                PRIMARY KEY (customer_id, age_band, home_state, home_zip3, home_cell)
            ) WITHOUT ROWID;
            INSERT INTO quasi_identifiers
            """ + " " + CountedFromTransactions + ";");

    /// <summary>A transaction was stored.</summary>
    public void Stored(EnrichedTransaction t) =>
        Change((t.CustomerId, t.AgeBand ?? "", t.HomeState ?? "", t.HomeZip3 ?? "", t.HomeCell ?? ""), 1);

    /// <summary>The stored transaction <paramref name="transactionId"/>, if any, is about to be deleted or replaced: read its class while it is there.</summary>
    public void Leaving(string transactionId)
    {
        _readStored.Parameters[0].Value = transactionId;
        using SqliteDataReader stored = _readStored.ExecuteReader();
        if (stored.Read())
        {
            Change((stored.GetString(0), stored.GetString(1), stored.GetString(2), stored.GetString(3), stored.GetString(4)), -1);
        }
    }

    private void Change((string, string, string, string, string) key, long rows) =>
        _changes[key] = _changes.GetValueOrDefault(key) + rows;

    /// <summary>Writes the group's changes (inside the group: before it commits, or before stored rows move to other pseudonyms).</summary>
    public void Flush()
    {
        foreach (((string, string, string, string, string) key, long rows) in _changes)
        {
            if (rows == 0)
            {
                continue;
            }

            Bind(_add, key);
            _add.Bind(6, rows);
            _add.Execute();
            if (rows < 0)
            {
                // A class whose last row went: the customer no longer counts in it.
                Bind(_dropEmpty, key);
                _dropEmpty.Execute();
            }
        }

        _changes.Clear();
    }

    private static void Bind(RawStatement statement, (string Customer, string AgeBand, string State, string Zip3, string Cell) key)
    {
        statement.Bind(1, key.Customer);
        statement.Bind(2, key.AgeBand);
        statement.Bind(3, key.State);
        statement.Bind(4, key.Zip3);
        statement.Bind(5, key.Cell);
    }

    public void Discard() => _changes.Clear();

    public void Dispose()
    {
        _add.Dispose();
        _dropEmpty.Dispose();
        _readStored.Dispose();
    }
}
