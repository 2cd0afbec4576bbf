using Microsoft.Data.Sqlite;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Processor.Tests.Support;

namespace StreamGuard.Processor.Tests.Sinks;

public sealed class SqliteIndexKeyMigrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-index-key-" + Guid.NewGuid().ToString("N"));

    /// <summary>The transactions table and drill-down indexes as versions before the index keys made them.</summary>
    private void CreateEarlierVersionDatabase()
    {
        Directory.CreateDirectory(_dir);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, SqliteStore.FileName)};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE transactions (
                transaction_id TEXT NOT NULL UNIQUE, event_time INTEGER NOT NULL, customer_id TEXT NOT NULL, card_id TEXT NOT NULL,
                category TEXT NOT NULL, amount REAL NOT NULL, fraud_score REAL NOT NULL, fraud_alert INTEGER NOT NULL, json TEXT NOT NULL);
            CREATE INDEX transactions_by_card ON transactions (card_id, event_time);
            CREATE INDEX transactions_by_customer ON transactions (customer_id, event_time);
            INSERT INTO transactions VALUES
                ('txn_1', 1000, 'cust_0a1b2c3d4e5f60718293', 'card_ffee00112233445566aa', 'grocery_pos', 12.5, 0.1, 0, '{"merchant":"m1","age_band":"40-49"}'),
                ('txn_2', 2000, 'cust_0a1b2c3d4e5f60718293', 'card_1234567890abcdef1234', 'gas_transport', 40, 0.9, 1, '{"merchant":"m2"}'),
                ('txn_3', 3000, 'c3', 'card 3', 'misc_net', 7, 0.2, 0, '{"merchant":"m3"}');
            """;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Open_EarlierVersionDatabase_KeysFilledAndIndexesReplaced()
    {
        CreateEarlierVersionDatabase();

        using (var store = new SqliteStore(_dir))
        {
            List<(string Card, long? CardKey, string Customer, long? CustomerKey)> rows = SqliteRows.Query(store,
                "SELECT card_id, card_key, customer_id, customer_key FROM transactions ORDER BY transaction_id",
                r => (r.GetString(0), r.IsDBNull(1) ? (long?)null : r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? (long?)null : r.GetInt64(3)));

            Assert.Equal(3, rows.Count);
            Assert.All(rows, row =>
            {
                Assert.Equal(PseudonymIndexKey.Of(row.Card), row.CardKey);
                Assert.Equal(PseudonymIndexKey.Of(row.Customer), row.CustomerKey);
            });
            Assert.Equal(["transactions_by_day_card", "transactions_by_day_customer"], Indexes(store));
            // The k-anonymity class counts, made from the stored rows' JSON.
            Assert.Equal([("c3", "", 1L), ("cust_0a1b2c3d4e5f60718293", "", 1L), ("cust_0a1b2c3d4e5f60718293", "40-49", 1L)], SqliteRows.Query(store,
                "SELECT customer_id, age_band, row_count FROM quasi_identifiers ORDER BY 1, 2", r => (r.GetString(0), r.GetString(1), r.GetInt64(2))));
        }

        // A second start finds the database migrated and changes nothing.
        using var reopened = new SqliteStore(_dir);
        Assert.Equal(["transactions_by_day_card", "transactions_by_day_customer"], Indexes(reopened));
        Assert.Equal(3, reopened.Count("transactions"));
    }

    [Fact]
    public void Open_NewDatabase_DrillDownSeeksTheDayIndexOncePerDay()
    {
        using var store = new SqliteStore(_dir);

        string plan = string.Join(" | ", SqliteRows.Query(store,
            $"EXPLAIN QUERY PLAN SELECT t.transaction_id FROM {TransactionDays.Join} AND t.card_key = 5 AND t.card_id = 'card_5' ORDER BY d.day DESC, t.event_time DESC LIMIT 100",
            r => r.GetString(3)));

        // One seek per day, newest day first, each giving its rows in time order: no sort, and LIMIT stops the walk.
        Assert.Contains("SEARCH t USING INDEX transactions_by_day_card (day=? AND card_key=?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    private static List<string> Indexes(SqliteStore store) =>
        SqliteRows.Query(store, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions' AND sql IS NOT NULL ORDER BY name", r => r.GetString(0));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
