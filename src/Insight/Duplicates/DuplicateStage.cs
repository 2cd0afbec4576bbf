using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Insight.Duplicates;

/// <summary>Pipeline stage over <see cref="DuplicateDetector"/>: appends duplicate_suspected alerts to the batch.</summary>
public sealed class DuplicateStage : InsightStage<DuplicateDetector>
{
    public DuplicateStage(DuplicateOptions options)
        : base("duplicates", new DuplicateDetector(options))
    {
    }

    public DuplicateDetector Detector => Model;

    protected override void Observe(PipelineItem item, RecordBatch batch)
    {
        if (Model.Check(item.Output!) is Alert alert)
        {
            batch.Alerts.Add(alert);
        }
    }
}
