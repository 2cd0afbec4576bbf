using StreamGuard.Pipeline;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// Pipeline stage over <see cref="WindowAggregator"/>: appends each batch's window changes to
/// <see cref="RecordBatch.WindowDeltas"/> and events that missed closed windows to
/// the batch's results.
/// </summary>
public sealed class WindowStage : InsightStage<WindowAggregator>
{
    public WindowStage(WindowOptions options)
        : base("windows", new WindowAggregator(options))
    {
    }

    public WindowAggregator Aggregator => Model;

    protected override void Observe(PipelineItem item, RecordBatch batch) =>
        Model.Apply(item.Output!, batch.ShardId, item.Record.SequenceNumber, batch.Results<LateEvent>());

    protected override void Complete(RecordBatch batch) => Model.Flush(batch.WindowDeltas);

    protected override void Restored(bool streamContinues)
    {
        if (!streamContinues)
        {
            Model.ForgetStreamPositions();
        }
    }
}
