using Microsoft.Data.Sqlite;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Runtime.Sources;

/// <summary>
/// Checks the stored windows against the stored transactions: for every window kind (category per
/// minute, hour, day and month; customer per day), the totals over all windows must equal the
/// transactions table's count and sum. A window kind that does not reconcile names its difference.
/// One query for `run`'s summary and `inspect`.
/// </summary>
public static class WindowReconciliation
{
    public static IReadOnlyList<WindowKindReconciliation> Check(SqliteStore store)
    {
        lock (store.Gate)
        {
            return Check(store.Connection);
        }
    }

    public static IReadOnlyList<WindowKindReconciliation> Check(SqliteConnection connection)
    {
        using SqliteCommand totals = connection.CreateCommand();
        totals.CommandText = "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM transactions";
        long count;
        double amount;
        using (SqliteDataReader reader = totals.ExecuteReader())
        {
            reader.Read();
            count = reader.GetInt64(0);
            amount = reader.GetDouble(1);
        }

        using SqliteCommand windows = connection.CreateCommand();
        windows.CommandText = "SELECT key_kind, window, SUM(count), SUM(amount) FROM aggregates GROUP BY key_kind, window ORDER BY key_kind, window";
        using SqliteDataReader rows = windows.ExecuteReader();
        var result = new List<WindowKindReconciliation>();
        while (rows.Read())
        {
            long windowCount = rows.GetInt64(2);
            decimal windowAmount = Math.Round((decimal)rows.GetDouble(3), 2);
            decimal transactionAmount = Math.Round((decimal)amount, 2);
            result.Add(new WindowKindReconciliation(rows.GetString(0), rows.GetString(1), windowCount, windowAmount, count, transactionAmount,
                windowCount == count && windowAmount == transactionAmount));
        }

        return result;
    }
}

/// <summary>One window kind (e.g. category/day) against the transactions table: equal counts and amounts (to the cent) reconcile.</summary>
public sealed record WindowKindReconciliation(string KeyKind, string Window, long WindowCount, decimal WindowAmount, long TransactionCount, decimal TransactionAmount, bool Reconciled)
{
    /// <summary>"category/day", "customer/day"...</summary>
    public string Windows => KeyKind + "/" + Window;
}
