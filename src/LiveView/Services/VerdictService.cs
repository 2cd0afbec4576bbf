using StreamGuard.Core;
using StreamGuard.LiveView.Models;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// Analysts' verdicts on cases: stored first (verdicts.db embedded, a DynamoDB table in aws mode;
/// idempotent), then posted to the scorer's label inbox as <see cref="FraudLabel"/>s; a label the
/// inbox refuses stays waiting and is posted again. In aws mode there is no inbox in this process:
/// the verdicts wait in the table for the workers (<see cref="IVerdictStore.WaitingAsync"/>).
/// </summary>
public sealed partial class VerdictService : IDisposable
{
    private readonly IVerdictStore _store;
    private readonly DashboardState _state;
    private readonly IConsoleReader _database;
    private readonly LabelTarget _target;
    private readonly TimeProvider _time;
    private readonly ILogger<VerdictService> _logger;

    private readonly SemaphoreSlim _postingGate = new(1, 1);

    public VerdictService(IVerdictStore store, DashboardState state, IConsoleReader database, LabelTarget target, TimeProvider time, ILogger<VerdictService> logger)
    {
        _store = store;
        _state = state;
        _database = database;
        _target = target;
        _time = time;
        _logger = logger;
    }

    public async Task<VerdictTotals> TotalsAsync(CancellationToken cancellationToken)
    {
        VerdictCounts c = await _store.CountsAsync(cancellationToken).ConfigureAwait(false);
        return new VerdictTotals(c.Fraud, c.NotFraud, c.Waiting);
    }

    public async Task<IReadOnlyList<VerdictLine>> ReadAsync(string? cardId, CancellationToken cancellationToken) =>
        [.. (await _store.ReadAsync(cardId, 500, cancellationToken).ConfigureAwait(false))
            .Select(v => new VerdictLine(v.TransactionId, v.CardId, v.Verdict, DashboardState.Time(v.EventTime), DashboardState.Time(v.DecidedAt), v.Posted))];

    /// <summary>Stores a verdict on every alerted transaction of the case and posts the labels.</summary>
    /// <exception cref="UserErrorException">The verdict or the case is not one the console knows.</exception>
    public async Task<VerdictResult> DecideAsync(string? caseId, string? verdict, CancellationToken cancellationToken)
    {
        if (verdict is not (AnalystVerdict.Fraud or AnalystVerdict.NotFraud))
        {
            throw new UserErrorException($"verdict must be \"{AnalystVerdict.Fraud}\" or \"{AnalystVerdict.NotFraud}\" (got \"{verdict}\").");
        }

        if (string.IsNullOrEmpty(caseId) || !caseId.StartsWith("card:", StringComparison.Ordinal))
        {
            throw new UserErrorException($"caseId must name a card case of the alert queue, \"card:<card pseudonym>\" (got \"{caseId}\").");
        }

        string cardId = caseId["card:".Length..];
        bool isFraud = verdict == AnalystVerdict.Fraud;
        DateTimeOffset now = _time.GetUtcNow();
        var verdicts = new List<AnalystVerdict>();
        AlertCase? open = _state.Case(caseId);
        if (open is not null)
        {
            foreach (CaseAlert a in open.Alerts.Where(a => a.Type == Core.Model.AlertTypes.FraudSuspected && a.TransactionId is not null))
            {
                verdicts.Add(new AnalystVerdict(a.TransactionId!, cardId, open.CustomerId, isFraud, DateTimeOffset.Parse(a.EventTime + "Z", System.Globalization.CultureInfo.InvariantCulture), now, false));
            }
        }

        if (verdicts.Count == 0 && _database.Available)
        {
            IReadOnlyList<(string Id, DateTimeOffset EventTime, string CustomerId)> alerted = await _database.AlertedTransactionsAsync(cardId, cancellationToken).ConfigureAwait(false);
            verdicts.AddRange(alerted.Select(t => new AnalystVerdict(t.Id, cardId, t.CustomerId, isFraud, t.EventTime, now, false)));
        }

        if (verdicts.Count == 0)
        {
            throw new UserErrorException($"No fraud alert is known for case \"{caseId}\".");
        }

        int changed = await _store.RecordAsync(verdicts, cancellationToken).ConfigureAwait(false);
        _state.SetCaseVerdict(caseId, verdict);
        int posted = await PostWaitingAsync(cancellationToken).ConfigureAwait(false);
        Log.Decided(_logger, caseId, verdict, verdicts.Count, changed, posted);
        return new VerdictResult(caseId, verdict, verdicts.Count, changed, posted, await TotalsAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Posts waiting verdicts to the scorer's inbox until it refuses one; returns how many it took. Refreshes the counts shown.</summary>
    public async Task<int> PostWaitingAsync(CancellationToken cancellationToken)
    {
        await _postingGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int posted = 0;
            if (_target.Inbox is { } inbox)
            {
                IReadOnlyList<AnalystVerdict> waiting = await _store.WaitingAsync(1000, cancellationToken).ConfigureAwait(false);
                var taken = new List<string>(waiting.Count);
                foreach (AnalystVerdict v in waiting)
                {
                    if (!inbox.TryPost(new FraudLabel(v.TransactionId, v.CardId, v.IsFraud, v.EventTime, FraudLabel.AnalystSource)))
                    {
                        break;
                    }

                    taken.Add(v.TransactionId);
                }

                await _store.MarkPostedAsync(taken, cancellationToken).ConfigureAwait(false);
                posted = taken.Count;
            }

            _state.SetVerdicts(await TotalsAsync(cancellationToken).ConfigureAwait(false));
            return posted;
        }
        finally
        {
            _postingGate.Release();
        }
    }

    /// <summary>A scorer started without its learned state: every stored verdict is posted to it again.</summary>
    public Task RepostAllAsync(CancellationToken cancellationToken) => _store.MarkAllWaitingAsync(cancellationToken);

    public void Dispose()
    {
        _store.Dispose();
        _postingGate.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Verdict {Verdict} on {CaseId}: {Transactions} alerted transactions, {Changed} new or changed, {Posted} labels posted")]
        public static partial void Decided(ILogger logger, string caseId, string verdict, int transactions, int changed, int posted);
    }
}
