using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Budgets;

/// <summary>Pipeline stage over <see cref="BudgetTracker"/>: appends budget_threshold alerts to the batch.</summary>
public sealed class BudgetStage : IPipelineStage, IStatefulStage
{
    public BudgetStage(BudgetOptions options) => Tracker = new BudgetTracker(options);

    public string Name => "budgets";

    public BudgetTracker Tracker { get; }

    public void Process(RecordBatch batch)
    {
        Tracker.RekeyCustomers(PseudonymLink.Of(batch.Read<PseudonymLink>(), PseudonymLink.Customer));
        HashSet<(string Customer, string Category)>? touched = null;
        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                Tracker.Apply(item.Output!, batch.Alerts);
                (touched ??= []).Add((item.Output!.CustomerId, item.Output.Category));
            }
        }

        // The standings this batch changed go with it to the insight table and feeds.
        foreach ((string customer, string category) in touched ?? [])
        {
            if (Tracker.StatusOf(customer, category) is { } status)
            {
                batch.Results<BudgetStatus>().Add(status);
            }
        }
    }

    public string StateName => "budgets";

    public byte[] CaptureState() => StateBytes.Write("budgets/1", Tracker.WriteState);

    public void RestoreState(byte[] state, bool streamContinues) => StateBytes.Read(state, "budgets/1", Tracker.ReadState);
}
