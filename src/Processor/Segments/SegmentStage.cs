using StreamGuard.Processor.Pipeline;

namespace StreamGuard.Processor.Segments;

/// <summary>Pipeline stage over <see cref="CustomerSegmenter"/>: learns segments from every live transaction.</summary>
public sealed class SegmentStage : IPipelineStage
{
    public SegmentStage(SegmentOptions options) => Segmenter = new CustomerSegmenter(options);

    public string Name => "segments";

    public CustomerSegmenter Segmenter { get; }

    public void Process(RecordBatch batch)
    {
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                Segmenter.Observe(item.Output!);
            }
        }
    }
}
