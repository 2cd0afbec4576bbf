using StreamGuard.Privacy;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// During a key rotation: moves stored transactions, customer windows and the customers' class counts
/// (quasi_identifiers) from old pseudonyms to new ones, inside the batch's transaction, before the batch's own rows. Idempotent: a link applied
/// twice finds nothing left under the old pseudonym. The index on the window keys is created for the
/// rotation (it would only slow inserts otherwise).
/// </summary>
internal sealed class SqlitePseudonymRekeyer : IDisposable
{
    private readonly RawStatement _cards;
    private readonly RawStatement _customers;
    private readonly RawStatement _mergeWindows;
    private readonly RawStatement _dropWindows;
    private readonly RawStatement _mergeClasses;
    private readonly RawStatement _dropClasses;

    public SqlitePseudonymRekeyer(SqliteStore store)
    {
        // The card and customer look-ups use the console's indexes (day, card_key, event_time) and
        // (day, customer_key, event_time), one seek per day that has rows: no index of their own.
        store.Execute("CREATE INDEX IF NOT EXISTS aggregates_key ON aggregates (key, key_kind);");
        _cards = new RawStatement(store.Connection,
            "UPDATE transactions SET card_id = ?2, card_key = ?4, json = json_set(CAST(json AS TEXT), '$.card_id', ?2) WHERE " + TransactionDays.AnyDay + " AND card_key = ?3 AND card_id = ?1");
        _customers = new RawStatement(store.Connection,
            "UPDATE transactions SET customer_id = ?2, customer_key = ?4, json = json_set(CAST(json AS TEXT), '$.customer_id', ?2) WHERE " + TransactionDays.AnyDay + " AND customer_key = ?3 AND customer_id = ?1");
        _mergeWindows = new RawStatement(store.Connection, """
            INSERT INTO aggregates (window, start, key_kind, key, count, amount)
            SELECT window, start, key_kind, ?2, count, amount FROM aggregates WHERE key = ?1 AND key_kind = ?3
            """ + " " + SqliteWindowDeltas.AddToRow);
        _dropWindows = new RawStatement(store.Connection, "DELETE FROM aggregates WHERE key = ?1 AND key_kind = ?2");
        _mergeClasses = new RawStatement(store.Connection,
            "INSERT INTO quasi_identifiers SELECT ?2, age_band, home_state, home_zip3, home_cell, row_count FROM quasi_identifiers WHERE customer_id = ?1 " + SqliteQuasiIdentifiers.AddRows);
        _dropClasses = new RawStatement(store.Connection, "DELETE FROM quasi_identifiers WHERE customer_id = ?1");
    }

    /// <summary>Applies the links; call inside the batch's transaction.</summary>
    public void Apply(IReadOnlyList<PseudonymLink> links)
    {
        string customerKind = WindowOptions.NameOf(WindowKeyKind.Customer);
        foreach (PseudonymLink link in links)
        {
            if (link.Domain == PseudonymLink.Card)
            {
                Run(_cards, link.Old, link.New);
                continue;
            }

            Run(_customers, link.Old, link.New);
            _mergeWindows.Bind(1, link.Old);
            _mergeWindows.Bind(2, link.New);
            _mergeWindows.Bind(3, customerKind);
            _mergeWindows.Execute();
            _dropWindows.Bind(1, link.Old);
            _dropWindows.Bind(2, customerKind);
            _dropWindows.Execute();
            _mergeClasses.Bind(1, link.Old);
            _mergeClasses.Bind(2, link.New);
            _mergeClasses.Execute();
            _dropClasses.Bind(1, link.Old);
            _dropClasses.Execute();
        }
    }

    private static void Run(RawStatement statement, string oldId, string newId)
    {
        statement.Bind(1, oldId);
        statement.Bind(2, newId);
        statement.Bind(3, PseudonymIndexKey.Of(oldId));
        statement.Bind(4, PseudonymIndexKey.Of(newId));
        statement.Execute();
    }

    public void Dispose()
    {
        _cards.Dispose();
        _customers.Dispose();
        _mergeWindows.Dispose();
        _dropWindows.Dispose();
        _mergeClasses.Dispose();
        _dropClasses.Dispose();
    }
}
