using StreamGuard.Pipeline;

namespace StreamGuard.Insight.Segments;

/// <summary>Pipeline stage over <see cref="CustomerSegmenter"/>: learns segments from every live transaction.</summary>
public sealed class SegmentStage : InsightStage<CustomerSegmenter>
{
    // Customers seen in this batch (reused across batches; insertion order kept).
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public SegmentStage(SegmentOptions options)
        : base("segments", new CustomerSegmenter(options))
    {
    }

    public CustomerSegmenter Segmenter => Model;

    protected override void Observe(PipelineItem item, RecordBatch batch)
    {
        Model.Observe(item.Output!);
        _seen.Add(item.Output!.CustomerId);
    }

    // Each customer's segment as of this batch, for the insight table and feeds.
    protected override void Complete(RecordBatch batch)
    {
        // The names are made once per batch: nothing moves the centroids between these reads.
        string[]? names = null;
        foreach (string customer in _seen)
        {
            if (Model.SegmentOf(customer, ref names) is { } segment)
            {
                batch.Results<CustomerSegment>().Add(new CustomerSegment(customer, segment));
            }
        }

        _seen.Clear();
    }
}
