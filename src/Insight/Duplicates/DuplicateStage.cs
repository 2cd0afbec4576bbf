using StreamGuard.Core.Model;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Duplicates;

/// <summary>Pipeline stage over <see cref="DuplicateDetector"/>: appends duplicate_suspected alerts to the batch.</summary>
public sealed class DuplicateStage : IPipelineStage, IStatefulStage
{
    public DuplicateStage(DuplicateOptions options) => Detector = new DuplicateDetector(options);

    public string Name => "duplicates";

    public DuplicateDetector Detector { get; }

    public void Process(RecordBatch batch)
    {
        Detector.RekeyCards(PseudonymLink.Of(batch.Read<PseudonymLink>(), PseudonymLink.Card));
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive && Detector.Check(item.Output!) is Alert alert)
            {
                batch.Alerts.Add(alert);
            }
        }
    }

    public string StateName => "duplicates";

    public byte[] CaptureState() => StateBytes.Write("duplicates/1", Detector.WriteState);

    public void RestoreState(byte[] state, bool streamContinues) => StateBytes.Read(state, "duplicates/1", Detector.ReadState);
}
