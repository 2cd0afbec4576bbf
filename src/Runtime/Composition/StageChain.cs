using StreamGuard.Runtime.Hosting;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Scoring;
using StreamGuard.Pipeline.Stages;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Composition;

/// <summary>
/// The stage chain every mode runs, in order, with the parts other code talks to (the scorer, the
/// insight stages, the label inbox). Built once by <see cref="PipelineServices.AddStreamGuardPipeline(Microsoft.Extensions.DependencyInjection.IServiceCollection, StreamGuardOptions)"/>;
/// only the edges around it differ between embedded and aws mode.
/// </summary>
public sealed class StageChain
{
    /// <param name="shared">The global model link (embedded mode registers one over its SQLite table); none when not registered.</param>
    public StageChain(StreamGuardOptions options, TimeProvider time, TransactionAnonymizer anonymizer, IFraudScorer scorer, InsightStages insight, LabelInbox labels, ScoringMetrics metrics, SharedModelSync? shared = null)
    {
        Scorer = scorer;
        Insight = insight;
        Labels = labels;
        SharedModels = shared;
        Stages = Build(options, time, anonymizer, scorer, insight, labels, metrics, shared);
    }

    /// <summary>The link to the global models the chain's scorer adopts and publishes at barriers; null when the chain has none.</summary>
    public SharedModelSync? SharedModels { get; }

    public IReadOnlyList<IPipelineStage> Stages { get; }

    public IFraudScorer Scorer { get; }

    /// <summary>Categories, windows, budgets, duplicates and segments, with their counters.</summary>
    public InsightStages Insight { get; }

    /// <summary>Labels from outside the stream (analyst verdicts) for the scorer to learn from.</summary>
    public LabelInbox Labels { get; }

    /// <summary>The chain itself, for a harness that wires its own edges.</summary>
    /// <param name="shared">The global models the scorer shares with every other shard's (aws mode); none when null.</param>
    public static IReadOnlyList<IPipelineStage> Build(StreamGuardOptions options, TimeProvider time, TransactionAnonymizer anonymizer, IFraudScorer scorer, InsightStages? insight = null, LabelInbox? labels = null, ScoringMetrics? metrics = null, SharedModelSync? shared = null)
    {
        insight ??= new InsightStages(options.Insight, options.Stream.ShardCount);
        return
        [
            new DecodeStage(),
            new ValidateStage(time, options.Pipeline.MaxFutureSkew),
            new AnonymizeStage(anonymizer),
            insight.Categorize,
            new ScoreStage(scorer, labels, metrics, shared),
            insight.AfterScoring(),
            new EncodeStage(),
        ];
    }
}
