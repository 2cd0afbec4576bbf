using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// One owned lease's own instance of the stage chain (a Kafka Streams "task"): its scorer, insight
/// stages and label inbox learn only from that shard's records, so their state moves with the lease.
/// </summary>
/// <param name="Stages">The chain, in the order of <see cref="Composition.StageChain.Build"/>.</param>
/// <param name="Scorer">The chain's fraud scorer.</param>
/// <param name="Insight">The chain's windows, budgets, segments, duplicates and categoriser.</param>
/// <param name="Labels">Verdicts for this chain's scorer (each shard's scorer matches only its own transactions).</param>
public sealed record ShardChain(IReadOnlyList<IPipelineStage> Stages, IFraudScorer Scorer, InsightStages Insight, LabelInbox Labels) : IDisposable
{
    public void Dispose() => Insight.Dispose();
}
