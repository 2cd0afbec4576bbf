namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Earlier versions keyed dead letters by (origin, position, stage), and positions restart per
/// file and per process, so a second file's bad row at the same line was silently not stored.
/// SQLite cannot drop a constraint: the table is rebuilt with the payload digest in the key,
/// keeping every row, in one transaction.
/// </summary>
internal static class SqliteDeadLetterMigration
{
    public static void Apply(SqliteStore store) => SqliteMigration.RunOnce(store,
        "SELECT COUNT(*) FROM pragma_table_info('dead_letters') WHERE name = 'payload_digest'",
        $$"""
            ALTER TABLE dead_letters RENAME TO dead_letters_before_digest;
            {{SqliteSchema.DeadLetters}}
            INSERT INTO dead_letters (id, origin, position, stage, reason, payload_sealed, recorded_at)
                SELECT id, origin, position, stage, reason, payload_sealed, recorded_at FROM dead_letters_before_digest;
            DROP TABLE dead_letters_before_digest;
            """);
}
