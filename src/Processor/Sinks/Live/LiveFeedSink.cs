using StreamGuard.Core.Model;
using StreamGuard.Processor.Pipeline;

namespace StreamGuard.Processor.Sinks.Live;

/// <summary>Publishes a compact view of each batch to the live feed (the dashboard's source).</summary>
public sealed class LiveFeedSink : IBatchSink
{
    private const int RecentPerBatch = 10;
    private readonly LiveFeed _feed;

    public LiveFeedSink(LiveFeed feed) => _feed = feed;

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
        _feed.Publish(new LiveUpdate(batch.Items.Count - deadLettered, deadLettered, recent, batch.Alerts.ToArray(), categoryDays));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
