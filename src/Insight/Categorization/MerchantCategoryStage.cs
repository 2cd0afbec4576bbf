using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Pipeline;

namespace StreamGuard.Insight.Categorization;

/// <summary>
/// Gives every live transaction a budget category: the source's category mapped to the taxonomy
/// when it has a usable one (and the model learns from it), else the merchant-text model's guess
/// with its confidence, else UNCATEGORIZED with the model's (low) confidence.
/// </summary>
public sealed class MerchantCategoryStage : InsightStage<MerchantCategorizer>
{
    private readonly MerchantCategorizerOptions _options;

    public MerchantCategoryStage(MerchantCategorizerOptions options)
        : base("categorize", new MerchantCategorizer(options), stateName: "categorizer")
    {
        _options = options;
    }

    public CategorizationCounters Counters { get; } = new();

    /// <summary>Categorises one transaction in place.</summary>
    public void Categorize(EnrichedTransaction tx)
    {
        if (tx.Category == BudgetCategory.Uncategorized && CategoryMapper.Map(tx.Source, tx.SourceCategory) is string mapped)
        {
            tx.Category = mapped;
            tx.CategoryConfidence = 1.0;
        }

        if (tx.Category != BudgetCategory.Uncategorized)
        {
            Counters._mapped++;
            if (_options.LearnOnline && tx.Change != ChangeKind.Removed && tx.CategoryConfidence >= 1.0 && tx.Merchant.Length > 0
                && Model.Learn(tx.Merchant, tx.Category))
            {
                Counters._learned++;
            }

            return;
        }

        if (tx.Merchant.Length == 0 || Model.TrainingExamples < _options.MinTrainingExamples)
        {
            tx.CategoryConfidence = 0;
            Counters._lowConfidence++;
            return;
        }

        CategoryPrediction prediction = Model.Predict(tx.Merchant);
        if (prediction.Category is not null && prediction.Confidence >= _options.MinConfidence)
        {
            tx.Category = prediction.Category;
            Counters._classified++;
        }
        else
        {
            Counters._lowConfidence++;
        }

        tx.CategoryConfidence = prediction.Confidence;
    }

    protected override void Observe(PipelineItem item, RecordBatch batch) => Categorize(item.Output!);
}
