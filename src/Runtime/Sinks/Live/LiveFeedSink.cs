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

    /// <param name="alertThreshold">The scorer's current alert threshold, shown on the score distribution.</param>
    public LiveFeedSink(LiveFeed feed, PrivateCategoryReport? report = null, Func<double?>? alertThreshold = null)
    {
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
                // Viewers are beyond the operator's store: hour and whole dollars (docs/privacy.md).
                recent.Add(ReleaseCoarsening.Transaction(item.Output!));
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
