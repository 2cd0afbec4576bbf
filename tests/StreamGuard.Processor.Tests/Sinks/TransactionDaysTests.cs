using Microsoft.Data.Sqlite;
using StreamGuard.Processor.Tests.Support;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Sinks;

public sealed class TransactionDaysTests : IDisposable
{
    private const long Day = TransactionDays.DayMilliseconds;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-transaction-days-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Open_DatabaseWithCardLedIndexes_DayColumnListOfDaysAndDayLedIndexesInstead()
    {
        // The transactions table as the versions with card- and customer-led key indexes left it.
        Directory.CreateDirectory(_dir);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, SqliteStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE transactions (
                    transaction_id TEXT NOT NULL UNIQUE, event_time INTEGER NOT NULL, customer_id TEXT NOT NULL, card_id TEXT NOT NULL,
                    category TEXT NOT NULL, amount REAL NOT NULL, fraud_score REAL NOT NULL, fraud_alert INTEGER NOT NULL, json TEXT NOT NULL,
                    card_key INTEGER, customer_key INTEGER);
                CREATE INDEX transactions_by_card_key ON transactions (card_key, event_time);
                CREATE INDEX transactions_by_customer_key ON transactions (customer_key, event_time);
                INSERT INTO transactions VALUES
                    ('txn_1', {(3 * Day) + 7}, 'cust_a1', 'card_b2', 'grocery_pos', 12.5, 0.1, 0, '[]', {PseudonymIndexKey.Of("card_b2")}, {PseudonymIndexKey.Of("cust_a1")}),
                    ('txn_2', {3 * Day}, 'cust_a1', 'card_b2', 'grocery_pos', 4, 0.1, 0, '[]', {PseudonymIndexKey.Of("card_b2")}, {PseudonymIndexKey.Of("cust_a1")}),
                    ('txn_3', {(20 * Day) + 1}, 'cust_a1', 'card_b2', 'misc_net', 7, 0.2, 0, '[]', {PseudonymIndexKey.Of("card_b2")}, {PseudonymIndexKey.Of("cust_a1")}),
                    ('txn_4', {(9 * Day) - 1}, 'cust_c3', 'card_d4', 'misc_net', 7, 0.2, 0, '[]', {PseudonymIndexKey.Of("card_d4")}, {PseudonymIndexKey.Of("cust_c3")});
                """;
            command.ExecuteNonQuery();
        }

        using (var store = new SqliteStore(_dir))
        {
            Assert.Equal([3L, 8L, 20L], Days(store));
            Assert.Equal(["transactions_by_day_card", "transactions_by_day_customer"], Indexes(store));
            Assert.Equal(["txn_3", "txn_1", "txn_2"], CardRows(store, "card_b2"));
        }

        // An earlier version opened it again: it made its card-led index back and stored a row on a new day.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, SqliteStore.FileName)};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE INDEX transactions_by_card_key ON transactions (card_key, event_time);
                INSERT INTO transactions (transaction_id, event_time, customer_id, card_id, category, amount, fraud_score, fraud_alert, json, card_key, customer_key)
                VALUES ('txn_5', {(30 * Day) + 2}, 'cust_a1', 'card_b2', 'misc_net', 1, 0.1, 0, '[]', {PseudonymIndexKey.Of("card_b2")}, {PseudonymIndexKey.Of("cust_a1")});
                """;
            command.ExecuteNonQuery();
        }

        using var reopened = new SqliteStore(_dir);
        Assert.Equal([3L, 8L, 20L, 30L], Days(reopened));
        Assert.Equal(["transactions_by_day_card", "transactions_by_day_customer"], Indexes(reopened));
        Assert.Equal(["txn_5", "txn_3", "txn_1", "txn_2"], CardRows(reopened, "card_b2"));
    }

    [Fact]
    public void Write_RowsInsertedRolledBackAndMoved_TheListHoldsExactlyTheDaysOfCommittedRows()
    {
        using var store = new SqliteStore(_dir);

        store.BeginGroup();
        Insert(store, "txn_1", (5 * Day) + 1);
        Assert.Equal([5L], Days(store));
        store.RollbackPending();
        Assert.Empty(Days(store));

        // Delivered again after the rollback: the day comes back with the row.
        store.BeginGroup();
        Insert(store, "txn_1", (5 * Day) + 1);
        Insert(store, "txn_2", (6 * Day) + 2);
        store.CommitPending();
        store.Execute($"UPDATE transactions SET event_time = {(11 * Day) + 3} WHERE transaction_id = 'txn_2'");
        // The sink's upsert of a modified transaction, moved to a day that has rows and to one that has none.
        Upsert(store, "txn_1", (11 * Day) + 9);
        Upsert(store, "txn_3", (11 * Day) + 1);
        Upsert(store, "txn_3", (12 * Day) + 1);

        Assert.Equal([5L, 6L, 11L, 12L], Days(store));
        Assert.Equal(["txn_3", "txn_1", "txn_2"], CardRows(store, "card_b2"));
    }

    private static void Insert(SqliteStore store, string id, long eventTime) => store.Execute($"""
        INSERT INTO transactions (transaction_id, event_time, customer_id, card_id, category, amount, fraud_score, fraud_alert, json, card_key, customer_key)
        VALUES ('{id}', {eventTime}, 'cust_a1', 'card_b2', 'grocery_pos', 1, 0.1, 0, '[]', {PseudonymIndexKey.Of("card_b2")}, {PseudonymIndexKey.Of("cust_a1")})
        """);

    private static void Upsert(SqliteStore store, string id, long eventTime) => store.Execute($"""
        INSERT INTO transactions (transaction_id, event_time, customer_id, card_id, category, amount, fraud_score, fraud_alert, json, card_key, customer_key)
        VALUES ('{id}', {eventTime}, 'cust_a1', 'card_b2', 'grocery_pos', 1, 0.1, 0, '[]', {PseudonymIndexKey.Of("card_b2")}, {PseudonymIndexKey.Of("cust_a1")})
        ON CONFLICT (transaction_id) DO UPDATE SET event_time = excluded.event_time
        """);

    private static List<long> Days(SqliteStore store) => SqliteRows.Query(store, "SELECT day FROM transaction_days ORDER BY day", r => r.GetInt64(0));

    private static List<string> Indexes(SqliteStore store) =>
        SqliteRows.Query(store, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions' AND sql IS NOT NULL ORDER BY name", r => r.GetString(0));

    private static List<string> CardRows(SqliteStore store, string card) => SqliteRows.Query(store,
        $"SELECT t.transaction_id FROM {TransactionDays.Join} AND t.card_key = {PseudonymIndexKey.Of(card)} AND t.card_id = '{card}' ORDER BY d.day DESC, t.event_time DESC",
        r => r.GetString(0));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
