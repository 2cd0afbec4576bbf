namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>Tables of the persisted insight (budgets, segments, duplicates) and the reads the console makes.</summary>
internal static class SqliteInsightSchema
{
    public const string Create = """
        -- One row per customer, category and month: the latest standing (month to date, budget, forecast).
        CREATE TABLE IF NOT EXISTS budgets (
            customer_id TEXT NOT NULL,
            category TEXT NOT NULL,
            month TEXT NOT NULL,
            month_to_date REAL NOT NULL,
            budget REAL,
            budget_source TEXT NOT NULL,
            forecast REAL NOT NULL,
            status TEXT NOT NULL,
            PRIMARY KEY (customer_id, category, month)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS customer_segments (
            customer_id TEXT PRIMARY KEY,
            segment TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE VIEW IF NOT EXISTS segment_sizes AS
            SELECT segment, COUNT(*) AS customers FROM customer_segments GROUP BY segment;
        CREATE TABLE IF NOT EXISTS duplicates (
            alert_id TEXT PRIMARY KEY,
            transaction_id TEXT,
            customer_id TEXT,
            card_id TEXT,
            amount REAL,
            event_time INTEGER NOT NULL,
            message TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS duplicates_by_customer ON duplicates (customer_id);
        """;

    public static readonly string[] Tables = ["budgets", "customer_segments", "duplicates"];
}
