using System.Diagnostics;
using StreamGuard.Core.Model;
using StreamGuard.Insight.Budgets;
using StreamGuard.Insight.Windows;
using StreamGuard.Pipeline;
using StreamGuard.Privacy.Differential;
using StreamGuard.Privacy;

namespace StreamGuard.Runtime.Sinks.Live;

/// <summary>
/// Publishes a compact view of each batch to the live feed (the dashboard's source), with the
/// latest differentially private population release attached (the only population figures a
/// viewer gets).
/// </summary>
public sealed class LiveFeedSink : IBatchSink
{
    private const int RecentPerBatch = 10;
    private readonly LiveFeed _feed;
    private readonly PrivateCategoryReport? _report;

    private readonly Func<double?>? _alertThreshold;
    private readonly KAnonymityGate? _gate;

    /// <param name="alertThreshold">The scorer's current alert threshold, shown on the score distribution.</param>
    /// <param name="gate">k-anonymity of the released rows; null: rows are only coarsened.</param>
    public LiveFeedSink(LiveFeed feed, PrivateCategoryReport? report = null, Func<double?>? alertThreshold = null, KAnonymityGate? gate = null)
    {
        _gate = gate;
        _alertThreshold = alertThreshold;
        _feed = feed;
        _report = report;
    }

    public string Name => "live";

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        var recent = new List<EnrichedTransaction>(RecentPerBatch);
        int[] histogram = new int[LiveUpdate.ScoreBuckets];
        int deadLettered = 0;
        if (_gate is not null)
        {
            // The whole batch's people count towards the classes before any of its rows is released.
            foreach (PipelineItem item in batch.Items)
            {
                if (item.DeadLetter is null && item.IsLive)
                {
                    _gate.Observe(item.Output!);
                }
            }
        }

        for (int i = batch.Items.Count - 1; i >= 0; i--)
        {
            PipelineItem item = batch.Items[i];
            if (item.DeadLetter is not null)
            {
                deadLettered++;
                continue;
            }

            if (!item.IsLive)
            {
                continue;
            }

            if (recent.Count < RecentPerBatch)
            {
                // Viewers are beyond the operator's store: hour and whole dollars, and k-anonymous (docs/privacy.md).
                recent.Add(_gate is null ? ReleaseCoarsening.Transaction(item.Output!) : _gate.Release(item.Output!));
            }

            histogram[Math.Clamp((int)(item.Output!.FraudScore * LiveUpdate.ScoreBuckets), 0, LiveUpdate.ScoreBuckets - 1)]++;
        }

        List<WindowTotal> categoryDays = batch.WindowDeltas.Where(w => w.Window == WindowNames.Day && w.KeyKind == WindowKeyKinds.Category).ToList();
        _feed.Publish(new LiveUpdate(batch.Items.Count - deadLettered, deadLettered, recent, batch.Alerts.Select(ReleaseCoarsening.Alert).ToArray(), categoryDays)
        {
            LatencyMs = batch.ReceivedTimestamp != 0 ? Stopwatch.GetElapsedTime(batch.ReceivedTimestamp).TotalMilliseconds : null,
            LateEvents = batch.Read<LateEvent>().Count,
            ScoreHistogram = histogram,
            ShardId = batch.ShardId,
            LastSequenceNumber = batch.LastSequenceNumber,
            Budgets = batch.Read<BudgetStatus>().ToArray(),
            // The sinks run side by side, so this is the release made with this batch or the one before.
            Population = _report?.Population,
            AlertThreshold = _alertThreshold?.Invoke(),
        });
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
