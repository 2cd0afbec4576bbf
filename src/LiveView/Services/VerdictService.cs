using StreamGuard.Core;
using StreamGuard.LiveView.Models;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// Analysts' verdicts on cases: stored first (verdicts.db, idempotent), then posted to the scorer's
/// label inbox as <see cref="FraudLabel"/>s; a label the inbox refuses stays waiting and is posted again.
/// </summary>
public sealed partial class VerdictService : IDisposable
{
    private readonly SqliteVerdictStore _store;
    private readonly DashboardState _state;
    private readonly ConsoleDatabase _database;
    private readonly LabelTarget _target;
    private readonly TimeProvider _time;
    private readonly ILogger<VerdictService> _logger;
    private readonly Lock _posting = new();

    public VerdictService(StreamGuardOptions options, DashboardState state, ConsoleDatabase database, LabelTarget target, TimeProvider time, ILogger<VerdictService> logger)
    {
        _store = new SqliteVerdictStore(Path.GetFullPath(options.DataDir));
        _state = state;
        _database = database;
        _target = target;
        _time = time;
        _logger = logger;
        _state.SetVerdicts(Totals());
    }

    public VerdictTotals Totals()
    {
        VerdictCounts c = _store.Counts();
        return new VerdictTotals(c.Fraud, c.NotFraud, c.Waiting);
    }

    public IReadOnlyList<VerdictLine> Read(string? cardId) =>
        [.. _store.Read(cardId).Select(v => new VerdictLine(v.TransactionId, v.CardId, v.Verdict, DashboardState.Time(v.EventTime), DashboardState.Time(v.DecidedAt), v.Posted))];

    /// <summary>Stores a verdict on every alerted transaction of the case and posts the labels.</summary>
    /// <exception cref="UserErrorException">The verdict or the case is not one the console knows.</exception>
    public VerdictResult Decide(string? caseId, string? verdict)
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
            verdicts.AddRange(_database.AlertedTransactions(cardId).Select(t => new AnalystVerdict(t.Id, cardId, t.CustomerId, isFraud, t.EventTime, now, false)));
        }

        if (verdicts.Count == 0)
        {
            throw new UserErrorException($"No fraud alert is known for case \"{caseId}\".");
        }

        int changed = _store.Record(verdicts);
        _state.SetCaseVerdict(caseId, verdict);
        int posted = PostWaiting();
        Log.Decided(_logger, caseId, verdict, verdicts.Count, changed, posted);
        return new VerdictResult(caseId, verdict, verdicts.Count, changed, posted, Totals());
    }

    /// <summary>Posts waiting verdicts to the scorer's inbox until it refuses one; returns how many it took.</summary>
    public int PostWaiting()
    {
        lock (_posting)
        {
            int posted = 0;
            if (_target.Inbox is { } inbox)
            {
                IReadOnlyList<AnalystVerdict> waiting = _store.Waiting(1000);
                var taken = new List<string>(waiting.Count);
                foreach (AnalystVerdict v in waiting)
                {
                    if (!inbox.TryPost(new FraudLabel(v.TransactionId, v.CardId, v.IsFraud, v.EventTime, FraudLabel.AnalystSource)))
                    {
                        break;
                    }

                    taken.Add(v.TransactionId);
                }

                _store.MarkPosted(taken);
                posted = taken.Count;
            }

            _state.SetVerdicts(Totals());
            return posted;
        }
    }

    /// <summary>A scorer started without its learned state: every stored verdict is posted to it again.</summary>
    public void RepostAll() => _store.MarkAllWaiting();

    public void Dispose() => _store.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Verdict {Verdict} on {CaseId}: {Transactions} alerted transactions, {Changed} new or changed, {Posted} labels posted")]
        public static partial void Decided(ILogger logger, string caseId, string verdict, int transactions, int changed, int posted);
    }
}
