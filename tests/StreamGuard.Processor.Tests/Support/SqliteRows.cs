using Microsoft.Data.Sqlite;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Support;

/// <summary>Reads rows of the embedded database in tests.</summary>
internal static class SqliteRows
{
    public static List<T> Query<T>(SqliteStore store, string sql, Func<SqliteDataReader, T> read)
    {
        lock (store.Gate)
        {
            using SqliteCommand command = store.Connection.CreateCommand();
            command.CommandText = sql;
            using SqliteDataReader reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
    }

    /// <summary>Opens the data folder's database for one query.</summary>
    public static List<T> Query<T>(string dataDir, string sql, Func<SqliteDataReader, T> read)
    {
        using var store = new SqliteStore(dataDir);
        return Query(store, sql, read);
    }
}
