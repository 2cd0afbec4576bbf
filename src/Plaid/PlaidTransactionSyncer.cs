using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Core.Model;

namespace StreamGuard.Plaid;

/// <summary>
/// Runs /transactions/sync rounds for an item as Plaid documents them: pages until has_more is
/// false, restarts the round from its first cursor on TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION
/// (discarding buffered pages), and hands the round's events and new cursor to the committer together.
/// </summary>
public sealed partial class PlaidTransactionSyncer
{
    private readonly PlaidClient _client;
    private readonly PlaidOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PlaidTransactionSyncer> _logger;
    private readonly PlaidMetrics _metrics;

    public PlaidTransactionSyncer(PlaidClient client, IOptions<PlaidOptions> options, TimeProvider time, ILogger<PlaidTransactionSyncer> logger, PlaidMetrics? metrics = null)
    {
        _metrics = metrics ?? PlaidMetrics.Shared;
        _client = client;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>One round for an item from <paramref name="cursor"/>; commits only when the round completed.</summary>
    public Task<PlaidSyncOutcome> SyncAsync(string itemId, string accessToken, string? cursor, IPlaidSyncCommitter committer, CancellationToken cancellationToken) =>
        SyncAsync(itemId, personId: null, accessToken, cursor, committer, cancellationToken);

    /// <summary>One round for an item of the person <paramref name="personId"/> (null: the Item is the person).</summary>
    public async Task<PlaidSyncOutcome> SyncAsync(string itemId, string? personId, string accessToken, string? cursor, IPlaidSyncCommitter committer, CancellationToken cancellationToken)
    {
        string? start = string.IsNullOrEmpty(cursor) ? null : cursor;
        int pagesFetched = 0;
        for (int restarts = 0; ; restarts++)
        {
            var pages = new List<TransactionsSyncResponse>();
            int buffered = 0;
            string? pageCursor = start;
            PlaidError? error = null;
            while (true)
            {
                var request = new TransactionsSyncRequest { AccessToken = accessToken, Cursor = pageCursor, Count = _options.SyncPageSize };
                PlaidResult<TransactionsSyncResponse> result = await _client.SyncTransactionsAsync(request, cancellationToken);
                pagesFetched++;
                if (!result.IsSuccess)
                {
                    error = result.Error;
                    break;
                }

                TransactionsSyncResponse page = result.Value;
                buffered += page.Added.Count + page.Modified.Count + page.Removed.Count;
                if (buffered > _options.MaxChangesPerRound)
                {
                    error = new PlaidError
                    {
                        ErrorType = PlaidErrorCodes.ClientRoundTooLargeType,
                        ErrorCode = "MAX_CHANGES_PER_ROUND",
                        ErrorMessage = $"item {itemId}: the sync round passed Plaid:MaxChangesPerRound ({_options.MaxChangesPerRound}) changes; raise it to let this round complete.",
                    };
                    break;
                }

                pages.Add(page);
                pageCursor = page.NextCursor;
                if (!page.HasMore)
                {
                    break;
                }
            }

            if (error is { ErrorCode: PlaidErrorCodes.TransactionsSyncMutationDuringPagination })
            {
                if (restarts < _options.MaxMutationRestarts)
                {
                    Log.RoundRestarted(_logger, itemId, restarts + 1, pages.Count);
                    _metrics.Restarted();
                    continue;
                }

                error = new PlaidError
                {
                    ErrorType = PlaidErrorCodes.ClientTooManyRestartsType,
                    ErrorCode = PlaidErrorCodes.TransactionsSyncMutationDuringPagination,
                    ErrorMessage = $"item {itemId}: the data changed during pagination {restarts + 1} times in a row; will try again on the next sync.",
                    RequestId = error.RequestId,
                    HttpStatus = error.HttpStatus,
                };
            }

            if (error is not null)
            {
                Log.RoundFailed(_logger, itemId, error.ErrorType, error.ErrorCode);
                _metrics.Round("failed");
                return new PlaidSyncOutcome { ItemId = itemId, Error = error, Pages = pagesFetched, Restarts = restarts, Cursor = start };
            }

            return await CommitAsync(itemId, personId, start, pageCursor!, pages, pagesFetched, restarts, committer, cancellationToken);
        }
    }

    private async Task<PlaidSyncOutcome> CommitAsync(
        string itemId, string? personId, string? start, string next, List<TransactionsSyncResponse> pages, int pagesFetched, int restarts, IPlaidSyncCommitter committer, CancellationToken cancellationToken)
    {
        (List<TransactionEvent> events, List<DeadLetter> deadLetters, int superseded) = PlaidSyncEventBuilder.Build(itemId, personId, pages, _time.GetUtcNow());
        if (events.Count > 0 || deadLetters.Count > 0 || !string.Equals(next, start, StringComparison.Ordinal))
        {
            await committer.CommitAsync(new PlaidSyncBatch(itemId, start, next, events, deadLetters), cancellationToken);
        }

        var outcome = new PlaidSyncOutcome
        {
            ItemId = itemId,
            Added = pages.Sum(p => p.Added.Count),
            Modified = pages.Sum(p => p.Modified.Count),
            Removed = pages.Sum(p => p.Removed.Count),
            PendingSuperseded = superseded,
            DeadLetters = deadLetters.Count,
            Pages = pagesFetched,
            Restarts = restarts,
            Cursor = next,
            UpdateStatus = pages.Count > 0 ? pages[^1].TransactionsUpdateStatus : null,
        };
        _metrics.Round("committed");
        _metrics.Committed(outcome.Added, outcome.Modified, outcome.Removed, outcome.DeadLetters);
        Log.RoundCommitted(_logger, itemId, outcome.Added, outcome.Modified, outcome.Removed, outcome.DeadLetters, outcome.Pages, restarts);
        return outcome;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Plaid item {ItemId}: data changed during pagination, restarting the round (restart {Restart}, {Discarded} pages discarded)")]
        public static partial void RoundRestarted(ILogger logger, string itemId, int restart, int discarded);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Plaid item {ItemId}: sync round failed with {ErrorType}/{ErrorCode}; cursor kept")]
        public static partial void RoundFailed(ILogger logger, string itemId, string? errorType, string? errorCode);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Plaid item {ItemId}: committed {Added} added, {Modified} modified, {Removed} removed, {DeadLetters} dead letters ({Pages} pages, {Restarts} restarts)")]
        public static partial void RoundCommitted(ILogger logger, string itemId, int added, int modified, int removed, int deadLetters, int pages, int restarts);
    }
}
