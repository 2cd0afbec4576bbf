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
public abstract class InsightStage<TModel> : IPipelineStage, IIncrementalState, IMergeableState
    where TModel : IInsightModel
{
    private readonly string _format;
    private readonly string _itemsFormat;

    // The previous delta capture's size: the next one starts its buffers there (a full capture is
    // not a guide to the deltas that follow it).
    private StateItemsSize _lastDelta;

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
        _itemsFormat = StateName + "/items1";
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

    /// <summary>True when the model keeps its state as keyed items (<see cref="IItemState"/>): windows and budgets.</summary>
    public bool SupportsItems => Model is IItemState;

    public bool Incremental { get; set; }

    public StateItems CaptureItems()
    {
        var model = (IItemState)Model;
        var items = new StateItems(full: false, _lastDelta);
        items.Head = StateBytes.Write(_itemsFormat, head => model.CaptureItems(items, head));
        _lastDelta = items.Full ? default : items.Size;
        return items;
    }

    public void RestoreItems(byte[] head, IEnumerable<StateItem> items, bool streamContinues)
    {
        var model = (IItemState)Model;
        StateBytes.Read(head, _itemsFormat, reader => model.RestoreItems(reader, items));
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
