using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Segments;

/// <summary>Pipeline stage over <see cref="CustomerSegmenter"/>: learns segments from every live transaction.</summary>
public sealed class SegmentStage : IPipelineStage, IStatefulStage
{
    public SegmentStage(SegmentOptions options) => Segmenter = new CustomerSegmenter(options);

    public string Name => "segments";

    public CustomerSegmenter Segmenter { get; }

    public void Process(RecordBatch batch)
    {
        Segmenter.RekeyCustomers(PseudonymLink.Of(batch.Read<PseudonymLink>(), PseudonymLink.Customer));
        HashSet<string>? seen = null;
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                Segmenter.Observe(item.Output!);
                (seen ??= new(StringComparer.Ordinal)).Add(item.Output!.CustomerId);
            }
        }

        // Each customer's segment as of this batch, for the insight table and feeds.
        foreach (string customer in seen ?? [])
        {
            if (Segmenter.SegmentOf(customer) is { } segment)
            {
                batch.Results<CustomerSegment>().Add(new CustomerSegment(customer, segment));
            }
        }
    }

    public string StateName => "segments";

    public byte[] CaptureState() => StateBytes.Write("segments/1", Segmenter.WriteState);

    public void RestoreState(byte[] state, bool streamContinues) => StateBytes.Read(state, "segments/1", Segmenter.ReadState);
}
