using StreamGuard.Core.Taxonomy;
using StreamGuard.Processor.Pipeline;

namespace StreamGuard.Processor.Stages;

/// <summary>Puts every transaction in the one budget taxonomy (Plaid personal-finance primaries).</summary>
public sealed class CategorizeStage : IPipelineStage
{
    public string Name => "categorise";

    public void Process(RecordBatch batch)
    {
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                string? category = CategoryMapper.Map(item.Output!.Source, item.Output.SourceCategory);
                item.Output.Category = category ?? BudgetCategory.Uncategorized;
                item.Output.CategoryConfidence = category is null ? 0 : 1;
            }
        }
    }
}
