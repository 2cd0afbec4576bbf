namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// The console's drill-down indexes on the transactions table, keyed by <see cref="PseudonymIndexKey"/>
/// and event time. Earlier versions keyed them by the pseudonym text (transactions_by_card and
/// transactions_by_customer, twice as long per entry): a database from one of them gets the two key
/// columns, filled from the stored pseudonyms, and the new indexes in place of the old, in one transaction.
/// </summary>
internal static class SqliteIndexKeyMigration
{
    private const string Indexes = """
        CREATE INDEX IF NOT EXISTS transactions_by_card_key ON transactions (card_key, event_time);
        CREATE INDEX IF NOT EXISTS transactions_by_customer_key ON transactions (customer_key, event_time);
        """;

    public static void Apply(SqliteStore store)
    {
        lock (store.Gate)
        {
            store.Connection.CreateFunction("streamguard_index_key", (string id) => PseudonymIndexKey.Of(id), isDeterministic: true);
            SqliteMigration.RunOnce(store, "SELECT COUNT(*) FROM pragma_table_info('transactions') WHERE name = 'card_key'", """
                DROP INDEX IF EXISTS transactions_by_card;
                DROP INDEX IF EXISTS transactions_by_customer;
                ALTER TABLE transactions ADD COLUMN card_key INTEGER;
                ALTER TABLE transactions ADD COLUMN customer_key INTEGER;
                UPDATE transactions SET card_key = streamguard_index_key(card_id), customer_key = streamguard_index_key(customer_id);
                """);
            store.Execute(Indexes);
        }
    }
}
