using Microsoft.Data.Sqlite;
using StreamGuard.Processor.Sinks.Sqlite;

namespace StreamGuard.Processor.Sources;

/// <summary>
/// Checks the stored windows against the stored transactions: for every window kind (category per
/// minute, hour, day and month; customer per day), the totals over all windows must equal the
/// transactions table's count and sum. A window kind that does not reconcile names its difference.
/// </summary>
public static class WindowReconciliation
{
    public static IReadOnlyList<WindowKindReconciliation> Check(SqliteStore store)
    {
        lock (store.Gate)
        {
            using SqliteCommand totals = store.Connection.CreateCommand();
            totals.CommandText = "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM transactions";
            long count;
            double amount;
            using (SqliteDataReader reader = totals.ExecuteReader())
            {
                reader.Read();
                count = reader.GetInt64(0);
                amount = reader.GetDouble(1);
            }

            using SqliteCommand windows = store.Connection.CreateCommand();
            windows.CommandText = "SELECT key_kind, window, SUM(count), SUM(amount) FROM aggregates GROUP BY key_kind, window ORDER BY key_kind, window";
            using SqliteDataReader rows = windows.ExecuteReader();
            var result = new List<WindowKindReconciliation>();
            while (rows.Read())
            {
                long windowCount = rows.GetInt64(2);
                double windowAmount = rows.GetDouble(3);
                decimal amountDifference = Math.Round((decimal)windowAmount - (decimal)amount, 2);
                result.Add(new WindowKindReconciliation(
                    rows.GetString(0) + "/" + rows.GetString(1), windowCount, Math.Round((decimal)windowAmount, 2), count, Math.Round((decimal)amount, 2),
                    windowCount == count && amountDifference == 0));
            }

            return result;
        }
    }
}

/// <summary>One window kind against the transactions table: equal counts and amounts (to the cent) reconcile.</summary>
public sealed record WindowKindReconciliation(string Windows, long WindowCount, decimal WindowAmount, long TransactionCount, decimal TransactionAmount, bool Reconciled);
