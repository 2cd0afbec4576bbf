using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Privacy;

namespace StreamGuard.Insight;

/// <summary>
/// The plumbing every insight stage shares: re-key the model from the batch's pseudonym links, feed
/// it each live transaction, and save or restore its state under a versioned format tag. A derived
/// stage says only what one transaction does to its model and what the batch publishes.
/// </summary>
/// <typeparam name="TModel">The model the stage drives.</typeparam>
public abstract class InsightStage<TModel> : IPipelineStage, IStatefulStage, IMergeableState
    where TModel : IInsightModel
{
    private readonly string _format;

    /// <param name="name">Stage name (metrics, busy times).</param>
    /// <param name="model">The model, owned by the stage.</param>
    /// <param name="stateName">Name the state is saved under; the stage name when null. The format tag is <c>{stateName}/1</c>.</param>
    protected InsightStage(string name, TModel model, string? stateName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(model);
        Name = name;
        Model = model;
        StateName = stateName ?? name;
        _format = StateName + "/1";
    }

    public string Name { get; }

    public string StateName { get; }

    /// <summary>The model this stage feeds; read it for counters and summaries.</summary>
    public TModel Model { get; }

    public void Process(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Model.KeyDomain is { } domain)
        {
            Model.Rekey(PseudonymLink.Of(batch.Read<PseudonymLink>(), domain));
        }

        foreach (PipelineItem item in batch.Items)
        {
            if (item.IsLive)
            {
                Observe(item, batch);
            }
        }

        Complete(batch);
    }

    public byte[] CaptureState() => StateBytes.Write(_format, Model.WriteState);

    public void RestoreState(byte[] state, bool streamContinues)
    {
        StateBytes.Read(state, _format, Model.ReadState);
        Restored(streamContinues);
    }

    /// <summary>A merged shard's second parent: its state joins this one's (see <see cref="IInsightModel.MergeState"/>).</summary>
    public void MergeState(byte[] state)
    {
        StateBytes.Read(state, _format, Model.MergeState);
        Restored(streamContinues: true);
    }

    /// <summary>One live item of <paramref name="batch"/> (its <see cref="PipelineItem.Output"/> is set).</summary>
    protected abstract void Observe(PipelineItem item, RecordBatch batch);

    /// <summary>After the batch's last item: publish what the batch changed.</summary>
    protected virtual void Complete(RecordBatch batch)
    {
    }

    /// <summary>After a restore; <paramref name="streamContinues"/> as in <see cref="IStatefulStage.RestoreState"/>.</summary>
    protected virtual void Restored(bool streamContinues)
    {
    }
}
