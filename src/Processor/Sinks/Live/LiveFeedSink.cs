using StreamGuard.Core.Model;
using StreamGuard.Processor.Pipeline;
using StreamGuard.Processor.Privacy.Differential;

namespace StreamGuard.Processor.Sinks.Live;

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

    public LiveFeedSink(LiveFeed feed, PrivateCategoryReport? report = null)
    {
        _feed = feed;
        _report = report;
    }

    public string Name => "live";

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        var recent = new List<EnrichedTransaction>(RecentPerBatch);
        int deadLettered = 0;
        for (int i = batch.Items.Count - 1; i >= 0; i--)
        {
            PipelineItem item = batch.Items[i];
            if (item.DeadLetter is not null)
            {
                deadLettered++;
            }
            else if (recent.Count < RecentPerBatch && item.IsLive)
            {
                recent.Add(item.Output!);
            }
        }

        List<WindowTotal> categoryDays = batch.WindowDeltas.Where(w => w.Window == WindowNames.Day && w.KeyKind == WindowKeyKinds.Category).ToList();
        // The sinks run side by side, so this is the release made with this batch or the one before.
        _feed.Publish(new LiveUpdate(batch.Items.Count - deadLettered, deadLettered, recent, batch.Alerts.ToArray(), categoryDays) { Population = _report?.Population });
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
