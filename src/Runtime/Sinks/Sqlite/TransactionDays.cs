namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// The console's drill-down indexes on the transactions table, led by the row's UTC day:
/// (day, card_key, event_time) and (day, customer_key, event_time). Keyed by card or customer first
/// (as before), every stored row took a random place in both, and once they outgrew the page cache each
/// write group rewrote most of their pages: at 1M events the sink spent 42-46 µs of CPU a row, 27-31 µs
/// with the day first (docs/performance.md, session 14). With the day first, a stream in time order
/// writes into the current day's few pages only. A look-up then probes each day that has rows, listed
/// in <c>transaction_days</c>, newest first: <see cref="Join"/> makes SQLite walk that list and seek the
/// index once per day, so "newest first, LIMIT n" stops early and needs no sort. A trigger keeps the list,
/// so every writer (the sink, a rolled-back group, another tool) leaves it right.
/// </summary>
public static class TransactionDays
{
    /// <summary>Milliseconds in a day: <c>day</c> is <c>event_time / 86400000</c> (UTC days since 1970, SQLite's integer division).</summary>
    public const long DayMilliseconds = 86_400_000;

    /// <summary>The computed column, never stored, as the schema declares it and the migration adds it (the number is <see cref="DayMilliseconds"/>).</summary>
    public const string DayColumn = "day INTEGER AS (event_time / 86400000) VIRTUAL";

    /// <summary>
    /// The FROM and WHERE start of a drill-down: days (newest first with <c>ORDER BY d.day DESC</c>) as the
    /// outer loop, the transactions of each as <c>t</c>. Append <c>AND t.card_key = ...</c> or <c>AND t.customer_key = ...</c>.
    /// </summary>
    public const string Join = "transaction_days d CROSS JOIN transactions t WHERE t.day = d.day";

    /// <summary>The same restriction for a statement on the transactions table alone (an UPDATE): append the key condition.</summary>
    public const string AnyDay = "day IN (SELECT day FROM transaction_days)";

    // The triggers add a day only when it is missing rather than with INSERT OR IGNORE: the conflict
    // clause of the statement that fires a trigger overrides the trigger's own, so the sink's upsert
    // (ON CONFLICT ... DO UPDATE) made the day's second row a constraint error.
    private const string AddDay = "INSERT INTO transaction_days SELECT NEW.day WHERE NOT EXISTS (SELECT 1 FROM transaction_days WHERE day = NEW.day)";

    private const string DaysTable = "CREATE TABLE IF NOT EXISTS transaction_days (day INTEGER PRIMARY KEY)";

    // The key-led indexes go first (an earlier version opening the file again makes them back): their pages are free for the new ones.
    private const string Objects = $"""
        DROP INDEX IF EXISTS transactions_by_card_key;
        DROP INDEX IF EXISTS transactions_by_customer_key;
        {DaysTable};
        CREATE TRIGGER IF NOT EXISTS transaction_days_insert AFTER INSERT ON transactions BEGIN {AddDay}; END;
        CREATE TRIGGER IF NOT EXISTS transaction_days_update AFTER UPDATE OF event_time ON transactions BEGIN {AddDay}; END;
        CREATE INDEX IF NOT EXISTS transactions_by_day_card ON transactions (day, card_key, event_time);
        CREATE INDEX IF NOT EXISTS transactions_by_day_customer ON transactions (day, customer_key, event_time);
        """;

    /// <summary>
    /// Gives a table made before the day column that column and the list of the days it holds, in one
    /// transaction; then, at every open, drops the card- and customer-led indexes (an earlier version
    /// opening the file again makes them back; its rows still reach the list, as the triggers live in the
    /// file) and makes sure the list, its triggers and the day-led indexes exist.
    /// Run after the key columns exist (<see cref="SqliteIndexKeyMigration"/>).
    /// </summary>
    internal static void Apply(SqliteStore store)
    {
        SqliteMigration.RunOnce(store, "SELECT COUNT(*) FROM pragma_table_xinfo('transactions') WHERE name = 'day'", $"""
            ALTER TABLE transactions ADD COLUMN {DayColumn};
            {DaysTable};
            INSERT INTO transaction_days SELECT DISTINCT day FROM transactions;
            """);
        store.Execute(Objects);
    }
}
