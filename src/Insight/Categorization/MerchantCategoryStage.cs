using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Categorization;

/// <summary>
/// Gives every live transaction a budget category: the source's category mapped to the taxonomy
/// when it has a usable one (and the model learns from it), else the merchant-text model's guess
/// with its confidence, else UNCATEGORIZED with the model's (low) confidence.
/// </summary>
public sealed class MerchantCategoryStage : IPipelineStage, IStatefulStage
{
    private readonly MerchantCategorizerOptions _options;

    public MerchantCategoryStage(MerchantCategorizerOptions options)
    {
        _options = options;
        Model = new MerchantCategorizer(options);
    }

    public string Name => "categorize";

    public MerchantCategorizer Model { get; }

    public CategorizationCounters Counters { get; } = new();

    public void Process(RecordBatch batch)
    {
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                Categorize(item.Output!);
            }
        }
    }

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

    public string StateName => "categorizer";

    public byte[] CaptureState() => StateBytes.Write("categorizer/1", w =>
    {
        w.Flush();
        Model.Save(w.BaseStream);
    });

    public void RestoreState(byte[] state, bool streamContinues) => StateBytes.Read(state, "categorizer/1", r => Model.Load(r.BaseStream));
}
