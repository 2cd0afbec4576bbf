using System.Text.Json;
using Microsoft.Data.Sqlite;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Writes a batch's transactions, window changes, alerts and dead letters to the embedded
/// database in one SQLite transaction, together with how far it got in the shard. A batch
/// delivered again after a crash is recognised by that mark, so nothing is counted twice. With
/// grouping, consecutive batches share one transaction with the checkpoints and state saved
/// between them (<see cref="IGroupCommitSink"/>): one commit per group instead of two per batch.
/// </summary>
public sealed class SqliteSink : IGroupCommitSink
{
    /// <summary>
    /// A group older than this commits with the batch that finds it so, whatever its size. Each commit
    /// writes every page its group touched in the random indexes, which at 1M rows is most of them:
    /// at full speed the age, not the record limit, cut the groups (1 s, then 2 s; 10 s since session 13,
    /// docs/performance.md). A steady stream commits long before, whenever no batch waits.
    /// </summary>
    public static readonly TimeSpan MaxGroupAge = TimeSpan.FromSeconds(10);
    private readonly int _groupLimit;
    private int _groupRecords;
    private long _groupStarted;
    private bool _failed;
    private readonly SqliteStore _store;
    private readonly DeadLetterProtector _protector;
    private readonly TimeProvider _time;
    private readonly WindowOptions _windows;
    private readonly RawStatement _insertTransaction;
    private readonly SqliteWindowDeltas _windowDeltas;
    private readonly RawStatement _upsertTransaction;
    private readonly RawStatement _deleteTransaction;
    private readonly SqliteCommand _insertAlert;
    private readonly RawStatement _insertLate;
    private readonly SqlitePseudonymRekeyer? _rekeyer;
    private readonly SqliteCommand _insertDeadLetter;
    private readonly SqliteCommand _readProgress;
    private readonly SqliteCommand _writeProgress;
    private readonly SqliteCommand _readStored;
    private long _duplicateDeliveries;
    private long _conflictingDuplicates;
    private readonly SqliteInsightWriter _insight;
    private readonly SqliteQuasiIdentifiers _classes;

    /// <param name="rekeying">A key rotation is under way: batches' pseudonym links re-key the stored rows.</param>
    /// <param name="groupRecords">
    /// Batches accumulate in one open transaction up to this many records (or <see cref="MaxGroupAge"/>)
    /// and commit together, with the checkpoints and state the same store saved after them; the
    /// pipeline commits earlier whenever no batch waits. 0 or 1: every batch commits on its own.
    /// </param>
    public SqliteSink(SqliteStore store, DeadLetterProtector protector, TimeProvider time, WindowOptions windows, bool rekeying = false, int groupRecords = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(groupRecords);
        _groupLimit = Math.Max(1, groupRecords);
        _rekeyer = rekeying ? new SqlitePseudonymRekeyer(store) : null;
        _windows = windows;
        _store = store;
        _protector = protector;
        _time = time;
        _insertTransaction = new RawStatement(store.Connection,
            "INSERT OR IGNORE INTO transactions (transaction_id, event_time, customer_id, card_id, category, amount, fraud_score, fraud_alert, json, card_key, customer_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        _upsertTransaction = new RawStatement(store.Connection, """
            INSERT INTO transactions (transaction_id, event_time, customer_id, card_id, category, amount, fraud_score, fraud_alert, json, card_key, customer_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (transaction_id) DO UPDATE SET event_time = excluded.event_time, customer_id = excluded.customer_id, card_id = excluded.card_id,
                category = excluded.category, amount = excluded.amount, fraud_score = excluded.fraud_score, fraud_alert = excluded.fraud_alert, json = excluded.json,
                card_key = excluded.card_key, customer_key = excluded.customer_key
            """);
        _deleteTransaction = new RawStatement(store.Connection, "DELETE FROM transactions WHERE transaction_id = ?1");
        _windowDeltas = new SqliteWindowDeltas(store);
        _insertLate = new RawStatement(store.Connection, "INSERT OR IGNORE INTO late_events VALUES (?1, ?2, ?3, ?4, ?5)");
        _insertAlert = Command("INSERT OR IGNORE INTO alerts VALUES ($id, $type, $severity, $time, $json)", "$id", "$type", "$severity", "$time", "$json");
        _insertDeadLetter = Command(
            "INSERT OR IGNORE INTO dead_letters (origin, position, stage, reason, payload_sealed, recorded_at, payload_digest) VALUES ($origin, $position, $stage, $reason, $payload, $at, $digest)",
            "$origin", "$position", "$stage", "$reason", "$payload", "$at", "$digest");
        _readStored = Command("SELECT event_time, card_id, amount, json FROM transactions WHERE transaction_id = $id", "$id");
        _insight = new SqliteInsightWriter(store);
        _classes = new SqliteQuasiIdentifiers(store);
        // Window sums, standings, segments and class counts are written once per key and group, just before the group commits.
        store.BeforeCommit = FlushGroup;
        store.AfterRollback = DiscardGroup;
        _readProgress = Command("SELECT sequence_number FROM sink_progress WHERE shard_id = $shard", "$shard");
        _writeProgress = Command(
            "INSERT INTO sink_progress VALUES ($shard, $seq) ON CONFLICT (shard_id) DO UPDATE SET sequence_number = excluded.sequence_number",
            "$shard", "$seq");
    }

    public string Name => "sqlite";

    /// <summary>Transactions whose id was already stored with the same content (a delivery seen again): not stored twice.</summary>
    public long DuplicateDeliveries => Interlocked.Read(ref _duplicateDeliveries);

    /// <summary>Transactions whose id was already stored with different content: dead-lettered with the reason, never dropped silently.</summary>
    public long ConflictingDuplicates => Interlocked.Read(ref _conflictingDuplicates);

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        lock (_store.Gate)
        {
            BeginGroup();
            try
            {
                if (_rekeyer is not null && batch.Read<PseudonymLink>() is { Count: > 0 } links)
                {
                    // The counts and window sums kept for the group are under the old pseudonyms, which the links move.
                    _classes.Flush();
                    _windowDeltas.Flush();
                    _rekeyer.Apply(links);
                }
                _readProgress.Parameters[0].Value = batch.ShardId;
                string? done = (string?)_readProgress.ExecuteScalar();
                int first = FirstNew(batch, done);
                if (first < batch.Items.Count)
                {
                    Write(batch, first);
                    _writeProgress.Parameters[0].Value = batch.ShardId;
                    _writeProgress.Parameters[1].Value = batch.LastSequenceNumber;
                    _writeProgress.ExecuteNonQuery();
                }
            }
            catch (Exception)
            {
                // Half a batch must not be committed later with the next one: drop the whole group.
                _failed = true;
                _store.RollbackPending();
                throw;
            }

            _groupRecords += batch.Items.Count;
            if (_groupRecords >= _groupLimit || _time.GetElapsedTime(_groupStarted) >= MaxGroupAge)
            {
                _store.CommitPending();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Commits the batches accepted since the last commit, with the checkpoints and state saved after them.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        _store.CommitPending();
        return Task.CompletedTask;
    }

    private void BeginGroup()
    {
        if (!_store.InTransaction)
        {
            _store.BeginGroup();
            _groupRecords = 0;
            _groupStarted = _time.GetTimestamp();
        }
    }

    private static int FirstNew(RecordBatch batch, string? done)
    {
        if (done is null)
        {
            return 0;
        }

        int i = 0;
        while (i < batch.Items.Count && SequenceNumbers.Compare(batch.Items[i].Record.SequenceNumber, done) <= 0)
        {
            i++;
        }

        return i;
    }

    private void Write(RecordBatch batch, int first)
    {
        for (int i = first; i < batch.Items.Count; i++)
        {
            PipelineItem item = batch.Items[i];
            if (item.DeadLetter is { } deadLetter)
            {
                InsertDeadLetter(deadLetter);
            }
            else if (item.Output is { } t)
            {
                // Corrections (Plaid modified/removed, posted replacing pending) change the row.
                switch (t.Change)
                {
                    case ChangeKind.Removed:
                        DeleteTransaction(t.TransactionId);
                        break;
                    case ChangeKind.Modified:
                        _classes.Leaving(t.TransactionId);
                        InsertTransaction(_upsertTransaction, t, item.OutputJson);
                        _classes.Stored(t);
                        break;
                    default:
                        if (t.PendingTransactionId is { } pending)
                        {
                            DeleteTransaction(pending);
                        }

                        if (InsertTransaction(_insertTransaction, t, item.OutputJson) == 0)
                        {
                            Duplicate(batch, item, t);
                        }
                        else
                        {
                            _classes.Stored(t);
                        }

                        break;
                }
            }
        }

        // Window changes are the batch's sum; when the batch was partly written before a crash,
        // recompute them from the records that are new, with the same aggregation code.
        IEnumerable<WindowTotal> windows = first == 0
            ? batch.WindowDeltas
            : WindowAggregator.StatelessDeltas(_windows, batch.Items.Skip(first).Where(item => item.IsLive).Select(item => item.Output!));
        foreach (WindowTotal w in windows)
        {
            _windowDeltas.Add(w);
        }

        // Late events are kept once per transaction and reason (a replayed batch re-publishes them).
        foreach (LateEvent late in batch.Read<LateEvent>())
        {
            _insertLate.Bind(1, late.TransactionId);
            _insertLate.Bind(2, late.EventTime.ToUnixTimeMilliseconds());
            _insertLate.Bind(3, late.Watermark == DateTimeOffset.MinValue ? long.MinValue : late.Watermark.ToUnixTimeMilliseconds());
            _insertLate.Bind(4, late.Windows);
            _insertLate.Bind(5, late.Reason);
            _insertLate.Execute();
        }

        foreach (Alert alert in batch.Alerts)
        {
            SqliteParameterCollection p = _insertAlert.Parameters;
            p[0].Value = alert.AlertId;
            p[1].Value = alert.Type;
            p[2].Value = alert.Severity;
            p[3].Value = alert.EventTime.ToUnixTimeMilliseconds();
            p[4].Value = JsonSerializer.Serialize(alert, CoreJsonContext.Default.Alert);
            _insertAlert.ExecuteNonQuery();
        }

        _insight.Write(batch);
    }

    private void DeleteTransaction(string transactionId)
    {
        _classes.Leaving(transactionId);
        _deleteTransaction.Bind(1, transactionId);
        _deleteTransaction.Execute();
    }

    private void FlushGroup()
    {
        _windowDeltas.Flush();
        _insight.Flush();
        _classes.Flush();
    }

    private void DiscardGroup()
    {
        _windowDeltas.Discard();
        _insight.Discard();
        _classes.Discard();
    }

    /// <summary>
    /// The id is stored already. Same time, card, amount, currency and merchant: the same transaction
    /// delivered again (counted). Anything else: another transaction reusing the id, which must not
    /// vanish, so it becomes a dead letter saying which fields differ.
    /// </summary>
    private void Duplicate(RecordBatch batch, PipelineItem item, EnrichedTransaction t)
    {
        _readStored.Parameters[0].Value = t.TransactionId;
        var differences = new List<string>(4);
        using (SqliteDataReader stored = _readStored.ExecuteReader())
        {
            if (!stored.Read())
            {
                return;
            }

            if (stored.GetInt64(0) != t.EventTime.ToUnixTimeMilliseconds())
            {
                differences.Add("event time");
            }

            if (stored.GetString(1) != t.CardId)
            {
                differences.Add("card");
            }

            if (stored.GetDouble(2) != (double)t.Amount)
            {
                differences.Add("amount");
            }

            EnrichedTransaction? first = JsonSerializer.Deserialize(stored.GetFieldValue<byte[]>(3), CoreJsonContext.Default.EnrichedTransaction);
            if (first is null || first.Merchant != t.Merchant || first.Currency != t.Currency)
            {
                differences.Add("merchant or currency");
            }
        }

        if (differences.Count == 0)
        {
            Interlocked.Increment(ref _duplicateDeliveries);
            return;
        }

        Interlocked.Increment(ref _conflictingDuplicates);
        InsertDeadLetter(PipelineDeadLetters.For(batch, item, "store",
            $"transaction id already stored for a different transaction ({string.Join(", ", differences)} differ): the id is reused, so this one was not stored"));
    }

    private static int InsertTransaction(RawStatement s, EnrichedTransaction t, ReadOnlyMemory<byte> json)
    {
        s.Bind(1, t.TransactionId);
        s.Bind(2, t.EventTime.ToUnixTimeMilliseconds());
        s.Bind(3, t.CustomerId);
        s.Bind(4, t.CardId);
        s.Bind(5, t.Category);
        s.Bind(6, (double)t.Amount);
        s.Bind(7, t.FraudScore);
        s.Bind(8, t.FraudAlert ? 1L : 0L);
        // Stored as UTF-8 bytes (a BLOB holding JSON): no string conversion on the way in.
        s.BindBlob(9, json.IsEmpty ? JsonSerializer.SerializeToUtf8Bytes(t, CoreJsonContext.Default.EnrichedTransaction) : json.Span);
        s.Bind(10, PseudonymIndexKey.Of(t.CardId));
        s.Bind(11, PseudonymIndexKey.Of(t.CustomerId));
        return s.Execute();
    }

    private void InsertDeadLetter(DeadLetter d)
    {
        SqliteParameterCollection p = _insertDeadLetter.Parameters;
        p[0].Value = d.Origin;
        p[1].Value = d.Position;
        p[2].Value = d.Stage;
        p[3].Value = d.Reason;
        p[4].Value = _protector.Seal(d.Payload);
        p[5].Value = _time.GetUtcNow().ToUnixTimeMilliseconds();
        p[6].Value = Digest(d.Payload);
        _insertDeadLetter.ExecuteNonQuery();
    }

    /// <summary>Tells two payloads at one position apart; 128 bits of SHA-256, so it cannot stand in for the sealed payload.</summary>
    private static string Digest(string payload) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(payload)).AsSpan(0, 16));

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        SqliteCommand command = _store.Connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    public ValueTask DisposeAsync()
    {
        // An open group holds whole batches only (a failed one was rolled back): keep them.
        if (!_failed)
        {
            _store.CommitPending();
        }

        lock (_store.Gate)
        {
            if (_store.BeforeCommit == FlushGroup)
            {
                _store.BeforeCommit = null;
                _store.AfterRollback = null;
            }
        }

        foreach (SqliteCommand command in new[] { _insertAlert, _insertDeadLetter, _readProgress, _writeProgress, _readStored })
        {
            command.Dispose();
        }

        _insertTransaction.Dispose();
        _upsertTransaction.Dispose();
        _deleteTransaction.Dispose();
        _windowDeltas.Dispose();
        _insertLate.Dispose();
        _rekeyer?.Dispose();
        _insight.Dispose();
        _classes.Dispose();

        return ValueTask.CompletedTask;
    }
}
