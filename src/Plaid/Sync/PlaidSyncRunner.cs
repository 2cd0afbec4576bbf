using Microsoft.Extensions.Logging;

namespace StreamGuard.Plaid.Sync;

/// <summary>
/// Syncs the stored items: once, or (follow) again every interval and whenever a webhook asks.
/// A failing item is logged and retried on the next pass; the others carry on.
/// </summary>
internal sealed partial class PlaidSyncRunner
{
    private readonly PlaidTransactionSyncer _syncer;
    private readonly PlaidClient _client;
    private readonly PlaidItemStore _store;
    private readonly IPlaidSyncCommitter _committer;
    private readonly TimeProvider _time;
    private readonly ILogger<PlaidSyncRunner> _logger;

    public PlaidSyncRunner(PlaidTransactionSyncer syncer, PlaidClient client, PlaidItemStore store, IPlaidSyncCommitter committer, TimeProvider time, ILogger<PlaidSyncRunner> logger)
    {
        _syncer = syncer;
        _client = client;
        _store = store;
        _committer = committer;
        _time = time;
        _logger = logger;
    }

    /// <summary>One round for each stored item (or only <paramref name="itemIds"/>), after a /transactions/refresh if asked.</summary>
    public async Task<IReadOnlyList<PlaidSyncOutcome>> SyncOnceAsync(IReadOnlyCollection<string>? itemIds, bool refresh, CancellationToken cancellationToken)
    {
        var outcomes = new List<PlaidSyncOutcome>();
        foreach (PlaidStoredItem item in await _store.ListAsync(cancellationToken))
        {
            if (itemIds is not null && !itemIds.Contains(item.ItemId))
            {
                continue;
            }

            string accessToken = _store.RevealAccessToken(item);
            if (refresh)
            {
                PlaidResult<TransactionsRefreshResponse> refreshed = await _client.RefreshTransactionsAsync(new TransactionsRefreshRequest(accessToken), cancellationToken);
                if (!refreshed.IsSuccess)
                {
                    Log.RefreshFailed(_logger, item.ItemId, refreshed.Error.ErrorType, refreshed.Error.ErrorCode);
                }
            }

            PlaidSyncOutcome outcome;
            try
            {
                outcome = await _syncer.SyncAsync(item.ItemId, item.PersonId, accessToken, item.Cursor, _committer, cancellationToken);
            }
            catch (PlaidDeliveryException e)
            {
                Log.DeliveryFailed(_logger, item.ItemId, e.Message);
                outcome = new PlaidSyncOutcome
                {
                    ItemId = item.ItemId,
                    Cursor = item.Cursor,
                    Error = new PlaidError { ErrorType = "DELIVERY_FAILED", ErrorCode = "STREAM_PUT_FAILED", ErrorMessage = e.Message },
                };
            }

            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>Syncs every item, then with <paramref name="follow"/> keeps syncing until cancelled.</summary>
    public async Task<IReadOnlyList<PlaidSyncOutcome>> RunAsync(bool follow, TimeSpan interval, bool refresh, PlaidSyncTrigger trigger, CancellationToken cancellationToken)
    {
        IReadOnlyList<PlaidSyncOutcome> last = await SyncOnceAsync(null, refresh, cancellationToken);
        while (follow && !cancellationToken.IsCancellationRequested)
        {
            IReadOnlyCollection<string>? requested;
            try
            {
                requested = await trigger.WaitAsync(interval, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                last = await SyncOnceAsync(requested, refresh: false, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        return last;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7401, Level = LogLevel.Warning, Message = "Plaid item {ItemId}: /transactions/refresh failed with {ErrorType}/{ErrorCode}; syncing what Plaid has")]
        public static partial void RefreshFailed(ILogger logger, string itemId, string? errorType, string? errorCode);

        [LoggerMessage(EventId = 7402, Level = LogLevel.Error, Message = "Plaid item {ItemId}: {Message}")]
        public static partial void DeliveryFailed(ILogger logger, string itemId, string message);
    }
}
