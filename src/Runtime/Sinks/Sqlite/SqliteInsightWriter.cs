using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Insight.Budgets;
using StreamGuard.Pipeline;
using StreamGuard.Insight.Segments;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Writes a batch's budget standings, customer segments and duplicate alerts inside the SQLite
/// sink's transaction, so they move with the batch's progress mark. Standings and segments are
/// upserts of the latest value, so a write group needs only the last one per key: they are kept
/// per key until the group commits (<see cref="Flush"/>, run by the store just before COMMIT) and
/// dropped with it on a rollback (<see cref="Discard"/>). The rows a commit leaves are the same as
/// with one upsert per batch; a batch delivered again rewrites the same rows.
/// </summary>
internal sealed class SqliteInsightWriter : IDisposable
{
    private readonly RawStatement _budget;
    private readonly RawStatement _segment;
    private readonly RawStatement _duplicate;
    private readonly Dictionary<(string CustomerId, string Category, DateOnly Month), BudgetStatus> _budgets = [];
    private readonly Dictionary<string, string> _segments = new(StringComparer.Ordinal);

    public SqliteInsightWriter(SqliteStore store)
    {
        _budget = new RawStatement(store.Connection, """
            INSERT INTO budgets VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT (customer_id, category, month) DO UPDATE SET month_to_date = excluded.month_to_date, budget = excluded.budget,
                budget_source = excluded.budget_source, forecast = excluded.forecast, status = excluded.status
            """);
        _segment = new RawStatement(store.Connection,
            "INSERT INTO customer_segments VALUES (?1, ?2) ON CONFLICT (customer_id) DO UPDATE SET segment = excluded.segment");
        _duplicate = new RawStatement(store.Connection, "INSERT OR IGNORE INTO duplicates VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    }

    /// <summary>"over", "on course to exceed", "on track" or "no budget".</summary>
    public static string StatusOf(BudgetStatus b) => b.Budget switch
    {
        null => "no budget",
        decimal budget when b.MonthToDate >= budget => "over",
        decimal budget when b.Forecast > budget => "on course to exceed",
        _ => "on track",
    };

    public void Write(RecordBatch batch)
    {
        foreach (BudgetStatus b in batch.Read<BudgetStatus>())
        {
            _budgets[(b.CustomerId, b.Category, b.Month)] = b;
        }

        foreach (CustomerSegment s in batch.Read<CustomerSegment>())
        {
            _segments[s.CustomerId] = s.Segment;
        }

        foreach (Alert a in batch.Alerts)
        {
            if (a.Type != AlertTypes.DuplicateSuspected)
            {
                continue;
            }

            _duplicate.Bind(1, a.AlertId);
            _duplicate.Bind(2, a.TransactionId);
            _duplicate.Bind(3, a.CustomerId);
            _duplicate.Bind(4, a.CardId);
            if (a.Amount is decimal amount)
            {
                _duplicate.Bind(5, (double)amount);
            }
            else
            {
                _duplicate.Bind(5, (string?)null);
            }

            _duplicate.Bind(6, a.EventTime.ToUnixTimeMilliseconds());
            _duplicate.Bind(7, a.Message);
            _duplicate.Execute();
        }
    }

    /// <summary>Writes the latest standing and segment of every key the group touched; call inside the group, before COMMIT.</summary>
    public void Flush()
    {
        foreach (BudgetStatus b in _budgets.Values)
        {
            _budget.Bind(1, b.CustomerId);
            _budget.Bind(2, b.Category);
            _budget.Bind(3, b.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            _budget.Bind(4, (double)b.MonthToDate);
            if (b.Budget is decimal budget)
            {
                _budget.Bind(5, (double)budget);
            }
            else
            {
                _budget.Bind(5, (string?)null);
            }

            _budget.Bind(6, b.BudgetSource);
            _budget.Bind(7, (double)b.Forecast);
            _budget.Bind(8, StatusOf(b));
            _budget.Execute();
        }

        foreach ((string customer, string segment) in _segments)
        {
            _segment.Bind(1, customer);
            _segment.Bind(2, segment);
            _segment.Execute();
        }

        Discard();
    }

    /// <summary>Forgets what waits (the group was rolled back).</summary>
    public void Discard()
    {
        _budgets.Clear();
        _segments.Clear();
    }

    public void Dispose()
    {
        _budget.Dispose();
        _segment.Dispose();
        _duplicate.Dispose();
    }
}
