using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Windows;

/// <summary>
/// Pipeline stage over <see cref="WindowAggregator"/>: appends each batch's window changes to
/// <see cref="RecordBatch.WindowDeltas"/> and events that missed closed windows to
/// the batch's results.
/// </summary>
public sealed class WindowStage : IPipelineStage, IStatefulStage
{
    public WindowStage(WindowOptions options) => Aggregator = new WindowAggregator(options);

    public string Name => "windows";

    public WindowAggregator Aggregator { get; }

    public string StateName => "windows";

    public void Process(RecordBatch batch)
    {
        Aggregator.RekeyCustomers(PseudonymLink.Of(batch.Read<PseudonymLink>(), PseudonymLink.Customer));
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                Aggregator.Apply(item.Output!, batch.ShardId, item.Record.SequenceNumber, batch.Results<LateEvent>());
            }
        }

        Aggregator.Flush(batch.WindowDeltas);
    }

    public byte[] CaptureState() => StateBytes.Write("windows/1", Aggregator.WriteState);

    public void RestoreState(byte[] state, bool streamContinues)
    {
        StateBytes.Read(state, "windows/1", Aggregator.ReadState);
        if (!streamContinues)
        {
            Aggregator.ForgetStreamPositions();
        }
    }
}
