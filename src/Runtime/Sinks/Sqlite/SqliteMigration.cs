using Microsoft.Data.Sqlite;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>Brings a database made by an earlier version up to the schema, once: the change and its own check.</summary>
internal static class SqliteMigration
{
    /// <summary>
    /// Runs <paramref name="migration"/> in one transaction unless <paramref name="done"/> (a query giving
    /// one number) answers non-zero: a failed migration leaves the database as it was, to be tried at the next open.
    /// </summary>
    public static void RunOnce(SqliteStore store, string done, string migration)
    {
        lock (store.Gate)
        {
            using SqliteCommand check = store.Connection.CreateCommand();
            check.CommandText = done;
            if ((long)check.ExecuteScalar()! != 0)
            {
                return;
            }

            using SqliteTransaction transaction = store.Connection.BeginTransaction();
            using SqliteCommand change = store.Connection.CreateCommand();
            change.Transaction = transaction;
            change.CommandText = migration;
            change.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
