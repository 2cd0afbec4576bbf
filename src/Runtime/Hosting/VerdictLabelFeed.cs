using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Scoring;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// aws mode: the analysts' verdicts (the console's verdicts table) reach every worker's scorer as
/// labels. Every worker reads every verdict, because the card a verdict names may be on any
/// worker's shards; the scorer ignores a label for a transaction it has not seen. A verdict is
/// posted once per worker (a changed verdict again); the table's `posted` flag tells the console
/// that at least one worker took it.
/// </summary>
public sealed partial class VerdictLabelFeed
{
    private readonly IVerdictStore _store;
    private readonly LabelInbox _inbox;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HashSet<(string TransactionId, bool IsFraud, DateTimeOffset DecidedAt)> _posted = [];

    public VerdictLabelFeed(IVerdictStore store, LabelInbox inbox, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _store = store;
        _inbox = inbox;
        _interval = interval;
        _time = time;
        _logger = logger;
    }

    /// <summary>Labels posted by this worker so far.</summary>
    public int Posted => _posted.Count;

    /// <summary>Polls the verdicts until cancelled; a failed poll is logged and tried again at the next interval.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await PollOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (AmazonDynamoDBException e)
                {
                    Log.PollFailed(_logger, e.Message);
                }

                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker stopped.
        }
    }

    /// <summary>Posts every verdict this worker has not posted yet, oldest first, until the inbox is full; returns how many.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<AnalystVerdict> verdicts;
        try
        {
            verdicts = await _store.ReadAsync(cardId: null, int.MaxValue, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            // No console has stored a verdict yet: the table does not exist.
            return 0;
        }

        int posted = 0;
        var firstTaken = new List<string>();
        foreach (AnalystVerdict v in verdicts.OrderBy(v => v.DecidedAt))
        {
            if (_posted.Contains((v.TransactionId, v.IsFraud, v.DecidedAt)))
            {
                continue;
            }

            if (!_inbox.TryPost(new FraudLabel(v.TransactionId, v.CardId, v.IsFraud, v.EventTime, FraudLabel.AnalystSource)))
            {
                break;
            }

            _posted.Add((v.TransactionId, v.IsFraud, v.DecidedAt));
            posted++;
            if (!v.Posted)
            {
                firstTaken.Add(v.TransactionId);
            }
        }

        if (firstTaken.Count > 0)
        {
            await _store.MarkPostedAsync(firstTaken, cancellationToken).ConfigureAwait(false);
        }

        return posted;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Reading the analysts' verdicts failed ({Reason}); trying again")]
        public static partial void PollFailed(ILogger logger, string reason);
    }
}
