using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Plaid.Sync;

/// <summary>
/// Commits a sync round by putting its events to the stream (partitioned by account, so one
/// account's corrections stay in order on one shard), writing its dead letters, and only then
/// saving the round's cursor. Any failure before the cursor is saved throws, so the next sync
/// repeats the round: delivery is at least once, never with a gap.
/// </summary>
internal sealed partial class StreamPlaidSyncCommitter : IPlaidSyncCommitter
{
    private const int MaxPutAttempts = 5;

    private readonly IStreamProducer _producer;
    private readonly PlaidItemStore _store;
    private readonly PlaidDeadLetterFile _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger<StreamPlaidSyncCommitter> _logger;
    private readonly TimeSpan _putRetryBaseDelay;

    public StreamPlaidSyncCommitter(
        IStreamProducer producer, PlaidItemStore store, PlaidDeadLetterFile deadLetters, TimeProvider time, ILogger<StreamPlaidSyncCommitter> logger, TimeSpan? putRetryBaseDelay = null)
    {
        _putRetryBaseDelay = putRetryBaseDelay ?? TimeSpan.FromMilliseconds(100);
        _producer = producer;
        _store = store;
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
    }

    public async Task CommitAsync(PlaidSyncBatch batch, CancellationToken cancellationToken)
    {
        var chunk = new List<PutRecordEntry>(StreamLimits.MaxRecordsPerPut);
        int chunkBytes = 0;
        foreach (TransactionEvent e in batch.Events)
        {
            byte[] data = JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.TransactionEvent);
            // The person, so all of one person's accounts land on one shard (the DP report's privacy unit).
            string key = PrivacyUnitKey.Of(e) is { Length: > 0 } person ? person : batch.ItemId;
            if (chunk.Count == StreamLimits.MaxRecordsPerPut || chunkBytes + data.Length + key.Length > StreamLimits.MaxBytesPerPut)
            {
                await PutAllAsync(batch.ItemId, chunk, cancellationToken);
                chunk.Clear();
                chunkBytes = 0;
            }

            chunk.Add(new PutRecordEntry(key, data));
            chunkBytes += data.Length + key.Length;
        }

        if (chunk.Count > 0)
        {
            await PutAllAsync(batch.ItemId, chunk, cancellationToken);
        }

        foreach (DeadLetter deadLetter in batch.DeadLetters)
        {
            Log.DeadLettered(_logger, deadLetter.Origin, deadLetter.Position, deadLetter.Reason);
        }

        await _deadLetters.AppendAsync(batch.DeadLetters, cancellationToken);
        await _store.SaveCursorAsync(batch.ItemId, batch.NextCursor, cancellationToken);
    }

    private async Task PutAllAsync(string itemId, IReadOnlyList<PutRecordEntry> entries, CancellationToken cancellationToken)
    {
        PutRecordsResult result = await _producer.PutRecordsWithRetryAsync(entries, MaxPutAttempts, _putRetryBaseDelay, _time, cancellationToken);
        if (result.FailedRecordCount > 0)
        {
            string? firstError = result.Records.FirstOrDefault(r => !r.Succeeded)?.ErrorCode;
            Log.PutFailed(_logger, itemId, result.FailedRecordCount, firstError);
            throw new PlaidDeliveryException(
                $"item {itemId}: {result.FailedRecordCount} records still failed after {MaxPutAttempts} puts ({firstError}); the cursor was not saved, the next sync repeats the round.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7201, Level = LogLevel.Warning, Message = "Plaid {Origin} {Position} dead-lettered: {Reason}")]
        public static partial void DeadLettered(ILogger logger, string origin, string position, string reason);

        [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "Plaid item {ItemId}: {Failed} records failed ({ErrorCode}) after every put attempt; cursor not saved")]
        public static partial void PutFailed(ILogger logger, string itemId, int failed, string? errorCode);
    }
}
