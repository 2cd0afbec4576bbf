namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>The embedded database's tables.</summary>
internal static class SqliteSchema
{
    /// <summary>The dead letters' table as this version keeps it (also what <see cref="SqliteDeadLetterMigration"/> rebuilds an earlier one into).</summary>
    public const string DeadLetters = """
        CREATE TABLE IF NOT EXISTS dead_letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            origin TEXT NOT NULL,
            position TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            payload_sealed TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            payload_digest TEXT NOT NULL DEFAULT '',
            -- Positions restart per file and per process (stream sequence numbers): the origin names the
            -- file by path and content hash, and the digest tells two records at one position apart.
            UNIQUE (origin, position, stage, payload_digest)
        );
        """;

    public const string Create = $$"""
        -- A rowid table: rows append in arrival order and only the small id index is random.
        CREATE TABLE IF NOT EXISTS transactions (
            transaction_id TEXT NOT NULL UNIQUE,
            event_time INTEGER NOT NULL,
            customer_id TEXT NOT NULL,
            card_id TEXT NOT NULL,
            category TEXT NOT NULL,
            amount REAL NOT NULL,
            fraud_score REAL NOT NULL,
            fraud_alert INTEGER NOT NULL,
            json TEXT NOT NULL,
            -- PseudonymIndexKey of card_id and customer_id: the drill-down indexes' short keys.
            card_key INTEGER,
            customer_key INTEGER,
            -- The UTC day, computed, never stored: the drill-down indexes lead with it (TransactionDays).
            {{TransactionDays.DayColumn}}
        );
        CREATE TABLE IF NOT EXISTS aggregates (
            window TEXT NOT NULL,
            start INTEGER NOT NULL,
            key_kind TEXT NOT NULL,
            key TEXT NOT NULL,
            count INTEGER NOT NULL,
            amount REAL NOT NULL,
            PRIMARY KEY (window, start, key_kind, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS alerts (
            alert_id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            severity TEXT NOT NULL,
            event_time INTEGER NOT NULL,
            json TEXT NOT NULL
        ) WITHOUT ROWID;
        {{DeadLetters}}
        CREATE TABLE IF NOT EXISTS checkpoints (
            shard_id TEXT PRIMARY KEY,
            sequence_number TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS late_events (
            transaction_id TEXT NOT NULL,
            event_time INTEGER NOT NULL,
            watermark INTEGER NOT NULL,
            windows TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (transaction_id, reason)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS state (
            name TEXT PRIMARY KEY,
            data BLOB NOT NULL,
            saved_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS inputs (
            input_index INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            bytes INTEGER NOT NULL,
            complete INTEGER NOT NULL,
            events INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            completed_at INTEGER
        );
        CREATE TABLE IF NOT EXISTS folder_meta (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS sink_progress (
            shard_id TEXT PRIMARY KEY,
            sequence_number TEXT NOT NULL
        ) WITHOUT ROWID;
        """ + SqliteInsightSchema.Create;

    /// <summary>Brings tables made by earlier versions up to this schema.</summary>
    public static void Migrate(SqliteStore store)
    {
        SqliteDeadLetterMigration.Apply(store);
        // A key rotation of earlier versions left two indexes that repeat the console's (card_id,
        // event_time) and (customer_id, event_time) prefixes and cost every later insert two b-tree writes.
        store.Execute("DROP INDEX IF EXISTS transactions_card; DROP INDEX IF EXISTS transactions_customer;");
        SqliteIndexKeyMigration.Apply(store);
        TransactionDays.Apply(store);
        SqliteQuasiIdentifiers.CreateTable(store);
    }

    private static readonly HashSet<string> s_tables = ["transactions", "aggregates", "alerts", "dead_letters", "checkpoints", "sink_progress", "state", "late_events", "inputs", "folder_meta", "quasi_identifiers", "transaction_days", .. SqliteInsightSchema.Tables];

    /// <summary>A table name checked against the schema, safe to put in SQL text.</summary>
    public static string Table(string name) =>
        s_tables.Contains(name) ? name : throw new ArgumentException($"No table '{name}' in the StreamGuard schema.", nameof(name));
}
