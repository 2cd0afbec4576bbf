using Microsoft.Data.Sqlite;
using StreamGuard.LiveView.Models;
using StreamGuard.LiveView.Services;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.LiveView.Tests;

/// <summary>The drill-down reads on a database the sink's schema made, with pseudonyms that share an index key.</summary>
public sealed class ConsoleDatabaseTests : IDisposable
{
    // The first two cards and the first two customers share their first 7 hex digits, so their index keys are equal.
    private const string Card = "card_3f9a12b0000000000001";
    private const string CardSharingTheKey = "card_3f9a12b0000000000002";
    private const string Customer = "cust_0a1b2c3d4e5f60718293";
    private const string CustomerSharingTheKey = "cust_0a1b2c3ffffffffffff0";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-console-db-" + Guid.NewGuid().ToString("N"));
    private readonly ConsoleDatabase _database;

    public ConsoleDatabaseTests()
    {
        new SqliteStore(_dir).Dispose();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, SqliteStore.FileName)};Pooling=False");
        connection.Open();
        Insert(connection, "txn_1", 1_000, Customer, Card, alert: true);
        Insert(connection, "txn_2", 2_000, Customer, Card, alert: false);
        Insert(connection, "txn_3", 3_000, CustomerSharingTheKey, CardSharingTheKey, alert: true);
        Insert(connection, "txn_4", 4_000, "cust_99", "card_99", alert: false);
        _database = new ConsoleDatabase(new StreamGuardOptions { DataDir = _dir });
    }

    private static void Insert(SqliteConnection connection, string id, long time, string customer, string card, bool alert)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO transactions (transaction_id, event_time, customer_id, card_id, category, amount, fraud_score, fraud_alert, json, card_key, customer_key)
            VALUES ($id, $time, $customer, $card, 'grocery_pos', 10, 0.5, $alert, '{"merchant":"m"}', $cardKey, $customerKey)
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$time", time);
        command.Parameters.AddWithValue("$customer", customer);
        command.Parameters.AddWithValue("$card", card);
        command.Parameters.AddWithValue("$alert", alert ? 1 : 0);
        command.Parameters.AddWithValue("$cardKey", PseudonymIndexKey.Of(card));
        command.Parameters.AddWithValue("$customerKey", PseudonymIndexKey.Of(customer));
        command.ExecuteNonQuery();
    }

    [Fact]
    public void CardHistory_CardSharingItsIndexKey_OnlyTheCardsRowsNewestFirst()
    {
        Assert.Equal(PseudonymIndexKey.Of(Card), PseudonymIndexKey.Of(CardSharingTheKey));

        CardHistory history = _database.CardHistory(Card, threshold: null)!;

        Assert.Equal(["txn_2", "txn_1"], history.Transactions.Select(t => t.Id));
        Assert.Equal(Customer, history.CustomerId);
        Assert.Equal([("txn_1", Customer)], _database.AlertedTransactions(Card).Select(t => (t.Id, t.CustomerId)));
    }

    [Fact]
    public void CardHistory_RowsOnSeveralDaysStoredOutOfOrder_NewestFirstAcrossDays()
    {
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, SqliteStore.FileName)};Pooling=False"))
        {
            connection.Open();
            const long Day = TransactionDays.DayMilliseconds;
            Insert(connection, "txn_d40", (40 * Day) + 5, "cust_77", "card_77", alert: true);
            Insert(connection, "txn_d2", (2 * Day) + 9, "cust_77", "card_77", alert: false);
            Insert(connection, "txn_d40b", (40 * Day) + 1, "cust_77", "card_77", alert: true);
            Insert(connection, "txn_d90", 90 * Day, "cust_77", "card_77", alert: false);
        }

        Assert.Equal(["txn_d90", "txn_d40", "txn_d40b", "txn_d2"], _database.CardHistory("card_77", threshold: null)!.Transactions.Select(t => t.Id));
        Assert.Equal(["txn_d40", "txn_d40b"], _database.AlertedTransactions("card_77").Select(t => t.Id));
        // Days 2 and 40 fall in January and February 1970, day 90 in April.
        Assert.Equal([("1970-01", 1L), ("1970-02", 2L), ("1970-04", 1L)], _database.Customer("cust_77")!.Trend.Select(m => (m.Month, m.Count)));
    }

    [Fact]
    public void Customer_PrefixOfOneCustomer_ResolvesToIt()
    {
        Assert.Equal(PseudonymIndexKey.Of(Customer), PseudonymIndexKey.Of(CustomerSharingTheKey));

        CustomerView view = _database.Customer("cust_0a1b2c3d")!;

        Assert.Equal(Customer, view.CustomerId);
        Assert.Equal(2, view.Recent.Count);
        Assert.Equal(2, view.Trend.Sum(m => m.Count));
    }

    [Theory]
    [InlineData("cust_0a1b2c3")]
    [InlineData("cust_")]
    public void Customer_PrefixOfTwoCustomers_NotResolved(string prefix) => Assert.Null(_database.Customer(prefix));

    [Fact]
    public void Customer_WholeIdNotAHexPrefix_Resolved() => Assert.Equal("cust_99", _database.Customer("cust_99")!.CustomerId);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
