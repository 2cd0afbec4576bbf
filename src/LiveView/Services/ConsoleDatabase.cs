using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using StreamGuard.LiveView.Models;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// The drill-down reads (card history, customer view) on the embedded database, through read-only
/// connections of their own: the pipeline's writer is never blocked by a viewer.
/// </summary>
public sealed class ConsoleDatabase : IConsoleReader
{
    private const int HistoryRows = 100;
    private readonly string _path;

    public ConsoleDatabase(StreamGuardOptions options) => _path = Path.Combine(Path.GetFullPath(options.DataDir), SqliteStore.FileName);

    /// <summary>False before the pipeline has created the database (or in aws mode, which has none).</summary>
    public bool Available => File.Exists(_path);

    public CardHistory? CardHistory(string cardId, double? threshold)
    {
        using SqliteConnection db = Open();
        List<CardTransaction> rows = Transactions(db, "card", cardId, HistoryRows, out string? customer);
        return rows.Count == 0 ? null : new CardHistory(cardId, customer, rows, Usual(rows), [], threshold);
    }

    /// <summary>The alerted transactions of a card (newest first), for a verdict on a case no longer in memory.</summary>
    public IReadOnlyList<(string Id, DateTimeOffset EventTime, string CustomerId)> AlertedTransactions(string cardId)
    {
        using SqliteConnection db = Open();
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = $"SELECT t.transaction_id, t.event_time, t.customer_id FROM {TransactionDays.Join} AND t.card_key = $index AND t.card_id = $key AND t.fraud_alert = 1 ORDER BY d.day DESC, t.event_time DESC LIMIT 200";
        command.Parameters.AddWithValue("$key", cardId);
        command.Parameters.AddWithValue("$index", PseudonymIndexKey.Of(cardId));
        using SqliteDataReader r = command.ExecuteReader();
        var result = new List<(string, DateTimeOffset, string)>();
        while (r.Read())
        {
            result.Add((r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2)));
        }

        return result;
    }

    /// <summary>The customer whose pseudonym is <paramref name="query"/> or starts with it (when one only does).</summary>
    public CustomerView? Customer(string query)
    {
        using SqliteConnection db = Open();
        string? customer = Resolve(db, query);
        if (customer is null)
        {
            return null;
        }

        List<CardTransaction> recent = Transactions(db, "customer", customer, 20, out _);
        string? month = Scalar(db, "SELECT MAX(month) FROM budgets WHERE customer_id = $key", customer);
        var budgets = new List<BudgetLine>();
        using (SqliteCommand command = db.CreateCommand())
        {
            command.CommandText = "SELECT category, month_to_date, budget, budget_source, forecast, status FROM budgets WHERE customer_id = $key AND month = $month ORDER BY month_to_date DESC";
            command.Parameters.AddWithValue("$key", customer);
            command.Parameters.AddWithValue("$month", (object?)month ?? DBNull.Value);
            using SqliteDataReader r = command.ExecuteReader();
            while (r.Read())
            {
                budgets.Add(new BudgetLine(r.GetString(0), Money(r.GetDouble(1)), r.IsDBNull(2) ? null : Money(r.GetDouble(2)), r.GetString(3), Money(r.GetDouble(4)), r.GetString(5)));
            }
        }

        var trend = new List<MonthTotal>();
        using (SqliteCommand command = db.CreateCommand())
        {
            command.CommandText = $"""
                SELECT strftime('%Y-%m', t.event_time / 1000, 'unixepoch') AS m, SUM(t.amount), COUNT(*) FROM {TransactionDays.Join}
                AND t.customer_key = $index AND t.customer_id = $key GROUP BY m ORDER BY m DESC LIMIT 12
                """;
            command.Parameters.AddWithValue("$key", customer);
            command.Parameters.AddWithValue("$index", PseudonymIndexKey.Of(customer));
            using SqliteDataReader r = command.ExecuteReader();
            while (r.Read())
            {
                trend.Add(new MonthTotal(r.GetString(0), Money(r.GetDouble(1)), r.GetInt64(2)));
            }
        }

        trend.Reverse();
        var duplicates = new List<DuplicateLine>();
        using (SqliteCommand command = db.CreateCommand())
        {
            command.CommandText = "SELECT alert_id, transaction_id, amount, event_time, message FROM duplicates WHERE customer_id = $key ORDER BY event_time DESC LIMIT 20";
            command.Parameters.AddWithValue("$key", customer);
            using SqliteDataReader r = command.ExecuteReader();
            while (r.Read())
            {
                duplicates.Add(new DuplicateLine(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : Money(r.GetDouble(2)),
                    DashboardState.Time(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))), r.GetString(4)));
            }
        }

        return new CustomerView(customer, Scalar(db, "SELECT segment FROM customer_segments WHERE customer_id = $key", customer), month, budgets, trend, recent, duplicates);
    }

    // SQLite answers at once on a read-only connection of its own: the asynchronous contract wraps the synchronous reads.
    Task<CardHistory?> IConsoleReader.CardHistoryAsync(string cardId, double? threshold, CancellationToken cancellationToken) => Task.FromResult(CardHistory(cardId, threshold));

    Task<CustomerView?> IConsoleReader.CustomerAsync(string query, CancellationToken cancellationToken) => Task.FromResult(Customer(query));

    Task<IReadOnlyList<(string Id, DateTimeOffset EventTime, string CustomerId)>> IConsoleReader.AlertedTransactionsAsync(string cardId, CancellationToken cancellationToken) =>
        Task.FromResult(AlertedTransactions(cardId));

    private SqliteConnection Open()
    {
        if (!Available)
        {
            throw new InvalidOperationException("The embedded database does not exist yet.");
        }

        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 5 }.ToString());
        db.Open();
        return db;
    }

    private static string? Resolve(SqliteConnection db, string query)
    {
        using SqliteCommand command = db.CreateCommand();
        // A typed pseudonym prefix is a range of index keys; a query that stops short of the hex digits reads every row.
        (long Low, long High)? keys = PseudonymIndexKey.RangeOf(query);
        string rows = keys is null ? "transactions t WHERE" : $"{TransactionDays.Join} AND t.customer_key BETWEEN $low AND $high AND";
        command.CommandText = $"SELECT DISTINCT t.customer_id FROM {rows} t.customer_id >= $q AND t.customer_id < $q || '~' LIMIT 2";
        command.Parameters.AddWithValue("$q", query);
        command.Parameters.AddWithValue("$low", keys?.Low ?? 0);
        command.Parameters.AddWithValue("$high", keys?.High ?? 0);
        using SqliteDataReader r = command.ExecuteReader();
        var found = new List<string>(2);
        while (r.Read())
        {
            found.Add(r.GetString(0));
        }

        return found.Count == 1 ? found[0] : found.Find(f => f == query);
    }

    private static string? Scalar(SqliteConnection db, string sql, string key)
    {
        using SqliteCommand command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    private static List<CardTransaction> Transactions(SqliteConnection db, string kind, string key, int limit, out string? customer)
    {
        using SqliteCommand command = db.CreateCommand();
        // kind is one of two names chosen above, never input. The index finds the key in each day; the text tells pseudonyms sharing it apart.
        command.CommandText = $"""
            SELECT t.transaction_id, t.event_time, t.category, t.amount, t.fraud_score, t.fraud_alert, t.json, t.customer_id FROM {TransactionDays.Join}
            AND t.{kind}_key = $index AND t.{kind}_id = $key ORDER BY d.day DESC, t.event_time DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$index", PseudonymIndexKey.Of(key));
        command.Parameters.AddWithValue("$limit", limit);
        using SqliteDataReader r = command.ExecuteReader();
        var rows = new List<CardTransaction>();
        customer = null;
        while (r.Read())
        {
            customer ??= r.GetString(7);
            rows.Add(new CardTransaction(r.GetString(0), DashboardState.Time(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1))), MerchantOf(r.GetStream(6)),
                r.GetString(2), Money(r.GetDouble(3)), Math.Round(r.GetDouble(4), 3), r.GetInt64(5) != 0));
        }

        return rows;
    }

    private static string MerchantOf(Stream json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("merchant", out JsonElement m) ? m.GetString() ?? "" : "";
    }

    internal static CardUsual Usual(List<CardTransaction> rows)
    {
        decimal[] amounts = [.. rows.Select(r => r.Amount).Order()];
        string[] top = [.. rows.GroupBy(r => r.Category).OrderByDescending(g => g.Count()).Take(3).Select(g => g.Key)];
        int[] hours = [.. rows.Select(r => int.Parse(r.EventTime.AsSpan(11, 2), CultureInfo.InvariantCulture)).Order()];
        string usualHours = hours.Length == 0 ? "" : $"{hours[hours.Length / 10]:00}:00–{hours[Math.Min(hours.Length - 1, hours.Length * 9 / 10)]:00}:59";
        return new CardUsual(rows.Count, amounts[amounts.Length / 2], amounts[Math.Min(amounts.Length - 1, amounts.Length * 9 / 10)], top, usualHours);
    }

    internal static decimal Money(double amount) => Math.Round((decimal)amount, 2);
}
