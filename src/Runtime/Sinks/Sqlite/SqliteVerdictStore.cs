using Microsoft.Data.Sqlite;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Analysts' verdicts in their own SQLite file of the data folder (verdicts.db), apart from the
/// demo's stream outputs: LiveView starts its stream data afresh, the verdicts stay. One row per
/// transaction: the same verdict again changes nothing; a changed verdict replaces the old one and
/// is posted to the scorer again.
/// </summary>
public sealed class SqliteVerdictStore : IVerdictStore
{
    public const string FileName = "verdicts.db";
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS verdicts (
            transaction_id TEXT PRIMARY KEY,
            card_id TEXT NOT NULL,
            customer_id TEXT,
            verdict TEXT NOT NULL CHECK (verdict IN ('fraud', 'not fraud')),
            event_time INTEGER NOT NULL,
            decided_at INTEGER NOT NULL,
            posted INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS verdicts_by_card ON verdicts (card_id);
        """;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;

    public SqliteVerdictStore(string dataDirectory)
    {
        SQLitePCL.Batteries_V2.Init();
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;" + Schema);
    }

    public string Path { get; }

    /// <summary>Stores the verdicts in one transaction; returns how many were new or changed (the rest were already stored as given).</summary>
    public int Record(IReadOnlyList<AnalystVerdict> verdicts)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO verdicts VALUES ($id, $card, $customer, $verdict, $time, $at, 0)
                ON CONFLICT (transaction_id) DO UPDATE SET verdict = excluded.verdict, decided_at = excluded.decided_at, posted = 0
                WHERE verdict <> excluded.verdict
                """;
            SqliteParameter id = command.Parameters.Add("$id", SqliteType.Text);
            SqliteParameter card = command.Parameters.Add("$card", SqliteType.Text);
            SqliteParameter customer = command.Parameters.Add("$customer", SqliteType.Text);
            SqliteParameter verdict = command.Parameters.Add("$verdict", SqliteType.Text);
            SqliteParameter time = command.Parameters.Add("$time", SqliteType.Integer);
            SqliteParameter at = command.Parameters.Add("$at", SqliteType.Integer);
            int changed = 0;
            foreach (AnalystVerdict v in verdicts)
            {
                id.Value = v.TransactionId;
                card.Value = v.CardId;
                customer.Value = (object?)v.CustomerId ?? DBNull.Value;
                verdict.Value = v.Verdict;
                time.Value = v.EventTime.ToUnixTimeMilliseconds();
                at.Value = v.DecidedAt.ToUnixTimeMilliseconds();
                changed += command.ExecuteNonQuery();
            }

            transaction.Commit();
            return changed;
        }
    }

    /// <summary>Verdicts on one card's transactions, or all (newest first) when <paramref name="cardId"/> is null.</summary>
    public IReadOnlyList<AnalystVerdict> Read(string? cardId = null, int limit = 500) =>
        Query(cardId is null
            ? "SELECT * FROM verdicts ORDER BY decided_at DESC LIMIT $limit"
            : "SELECT * FROM verdicts WHERE card_id = $card ORDER BY decided_at DESC LIMIT $limit", cardId, limit);

    /// <summary>Verdicts the scorer's inbox has not taken yet, oldest first.</summary>
    public IReadOnlyList<AnalystVerdict> Waiting(int limit) => Query("SELECT * FROM verdicts WHERE posted = 0 ORDER BY decided_at LIMIT $limit", null, limit);

    public void MarkPosted(IEnumerable<string> transactionIds)
    {
        lock (_gate)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using SqliteCommand command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE verdicts SET posted = 1 WHERE transaction_id = $id";
            SqliteParameter id = command.Parameters.Add("$id", SqliteType.Text);
            foreach (string transactionId in transactionIds)
            {
                id.Value = transactionId;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Marks every verdict as not yet posted: a scorer started afresh learns them all again.</summary>
    public void MarkAllWaiting()
    {
        lock (_gate)
        {
            Execute("UPDATE verdicts SET posted = 0");
        }
    }

    public VerdictCounts Counts()
    {
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(SUM(verdict = 'fraud'), 0), COALESCE(SUM(verdict = 'not fraud'), 0), COALESCE(SUM(posted = 0), 0) FROM verdicts";
            using SqliteDataReader reader = command.ExecuteReader();
            reader.Read();
            return new VerdictCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
    }

    public void Dispose() => _connection.Dispose();

    // The SQLite file answers at once: the asynchronous contract wraps the synchronous calls.
    Task<int> IVerdictStore.RecordAsync(IReadOnlyList<AnalystVerdict> verdicts, CancellationToken cancellationToken) => Task.FromResult(Record(verdicts));

    Task<IReadOnlyList<AnalystVerdict>> IVerdictStore.ReadAsync(string? cardId, int limit, CancellationToken cancellationToken) => Task.FromResult(Read(cardId, limit));

    Task<IReadOnlyList<AnalystVerdict>> IVerdictStore.WaitingAsync(int limit, CancellationToken cancellationToken) => Task.FromResult(Waiting(limit));

    Task IVerdictStore.MarkPostedAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken)
    {
        MarkPosted(transactionIds);
        return Task.CompletedTask;
    }

    Task IVerdictStore.MarkAllWaitingAsync(CancellationToken cancellationToken)
    {
        MarkAllWaiting();
        return Task.CompletedTask;
    }

    Task<VerdictCounts> IVerdictStore.CountsAsync(CancellationToken cancellationToken) => Task.FromResult(Counts());

    private List<AnalystVerdict> Query(string sql, string? cardId, int limit)
    {
        lock (_gate)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$limit", limit);
            if (cardId is not null)
            {
                command.Parameters.AddWithValue("$card", cardId);
            }

            using SqliteDataReader r = command.ExecuteReader();
            var result = new List<AnalystVerdict>();
            while (r.Read())
            {
                result.Add(new AnalystVerdict(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3) == AnalystVerdict.Fraud,
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), r.GetInt64(6) != 0));
            }

            return result;
        }
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
