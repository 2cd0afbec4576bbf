namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// The short keys (<see cref="PseudonymIndexKey"/>) the console's drill-down indexes hold for the card and
/// customer. Earlier versions keyed those indexes by the pseudonym text (transactions_by_card and
/// transactions_by_customer, twice as long per entry): a database from one of them gets the two key
/// columns, filled from the stored pseudonyms, in place of those indexes, in one transaction.
/// <see cref="TransactionDays"/> then makes the indexes, led by the day.
/// </summary>
internal static class SqliteIndexKeyMigration
{
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
        }
    }
}
