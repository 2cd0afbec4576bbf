using StreamGuard.Pipeline;

namespace StreamGuard.Insight.Budgets;

/// <summary>Pipeline stage over <see cref="BudgetTracker"/>: appends budget_threshold alerts to the batch.</summary>
public sealed class BudgetStage : InsightStage<BudgetTracker>
{
    // The standings this batch changed (reused across batches; insertion order kept).
    private readonly HashSet<(string Customer, string Category)> _touched = [];

    public BudgetStage(BudgetOptions options)
        : base("budgets", new BudgetTracker(options))
    {
    }

    public BudgetTracker Tracker => Model;

    protected override void Observe(PipelineItem item, RecordBatch batch)
    {
        Model.Apply(item.Output!, batch.Alerts);
        _touched.Add((item.Output!.CustomerId, item.Output.Category));
    }

    // The standings this batch changed go with it to the insight table and feeds.
    protected override void Complete(RecordBatch batch)
    {
        foreach ((string customer, string category) in _touched)
        {
            if (Model.StatusOf(customer, category) is { } status)
            {
                batch.Results<BudgetStatus>().Add(status);
            }
        }

        _touched.Clear();
    }
}
