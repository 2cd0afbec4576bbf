using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Scoring.Evaluation;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Scoring;

/// <summary>Scores every transaction for fraud and raises an explained alert when it crosses the threshold.</summary>
public sealed class ScoreStage : IPipelineStage, IStatefulStage, IMergeableState
{
    /// <summary>Meter of the fraud scores: transactions scored, alerts, and the score distribution.</summary>
    public const string MeterName = ScoringMetrics.MeterName;
    private readonly ScoringMetrics _metrics;
    private readonly IFraudScorer _scorer;
    private readonly LabelInbox? _labels;
    private readonly List<FraudLabel> _drained = [];
    private readonly SharedModelSync? _shared;

    /// <param name="scorer">The fraud scorer.</param>
    /// <param name="labels">Verdicts posted from outside (the console); drained before each batch so they train the model.</param>
    /// <param name="metrics">Where scores and alerts are counted; the shared instance when null.</param>
    /// <param name="shared">The global models every shard's scorer shares: adopted and published at state barriers; none when null.</param>
    public ScoreStage(IFraudScorer scorer, LabelInbox? labels = null, ScoringMetrics? metrics = null, SharedModelSync? shared = null)
    {
        _metrics = metrics ?? ScoringMetrics.Shared;
        _scorer = scorer;
        _labels = labels;
        _shared = shared;
    }

    /// <summary>Verdicts taken from the inbox, and how many matched a recent transaction.</summary>
    public long VerdictsTaken { get; private set; }

    public long VerdictsMatched { get; private set; }

    public string Name => "score";

    public string StateName => "scorer";

    /// <summary>Only a scorer that can snapshot itself (the online scorer) has state to save.</summary>
    public bool HasState => _scorer.CanSnapshot;

    public byte[] CaptureState() => _scorer.Snapshot();

    public void RestoreState(byte[] state, bool streamContinues) => _scorer.Restore(state);

    /// <summary>A merged shard's second parent: its cards join this scorer's.</summary>
    public void MergeState(byte[] state) => _scorer.MergeCards(state);

    public void Process(RecordBatch batch)
    {
        ScoreAll(batch);

        // A barrier (after the batch, where the state is captured) is where a shard takes a newer global model version, or offers its retrained one.
        if (batch.State is not null && _shared is not null && _scorer is ISharedModelHolder holder)
        {
            _shared.AtBarrier(holder, batch.ShardId.Length > 0 ? batch.ShardId : "all");
        }
    }

    private void ScoreAll(RecordBatch batch)
    {
        foreach (PseudonymLink link in batch.Read<PseudonymLink>())
        {
            if (link.Domain == PseudonymLink.Card)
            {
                _scorer.RekeyCard(link.Old, link.New);
            }
        }

        if (_labels is not null && _labels.Count > 0)
        {
            _drained.Clear();
            VerdictsTaken += _labels.Drain(_drained);
            VerdictsMatched += _scorer.LearnVerdicts(_drained);
        }

        foreach (PipelineItem item in batch.Items)
        {
            if (!item.IsLive || item.Output!.Change == ChangeKind.Removed)
            {
                continue;
            }

            EnrichedTransaction t = item.Output;
            FraudAssessment assessment = _scorer.ScoreAndLearn(t, item.Features);
            t.FraudScore = assessment.Score;
            t.FraudAlert = assessment.IsAlert;
            _metrics.Scored(assessment.Score);
            if (!assessment.IsAlert)
            {
                continue;
            }

            _metrics.Alerted();
            t.FraudReasons = assessment.Reasons;
            batch.Alerts.Add(new Alert
            {
                AlertId = "fraud-" + t.TransactionId,
                Type = AlertTypes.FraudSuspected,
                Severity = assessment.Severity ?? "medium",
                EventTime = t.EventTime,
                TransactionId = t.TransactionId,
                CustomerId = t.CustomerId,
                CardId = t.CardId,
                Category = t.Category,
                Amount = t.Amount,
                Score = assessment.Score,
                Message = string.Create(CultureInfo.InvariantCulture, $"Possible fraud on card {t.CardLast4 ?? t.CardId}: {string.Join("; ", assessment.Reasons)}"),
                Reasons = assessment.Reasons,
                ModelVersion = assessment.ModelVersion,
            });
        }
    }
}
