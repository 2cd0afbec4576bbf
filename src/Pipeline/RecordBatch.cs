using StreamGuard.Core.Model;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Pipeline;

/// <summary>
/// The unit that moves between stages: one GetRecords page of one shard. Its last sequence
/// number is checkpointed once every sink has accepted the batch.
/// </summary>
public sealed class RecordBatch
{
    private readonly Dictionary<Type, object> _results = [];

    public RecordBatch(string shardId, IReadOnlyList<PipelineItem> items)
    {
        ShardId = shardId;
        Items = items;
        LastSequenceNumber = items.Count > 0 ? items[^1].Record.SequenceNumber : throw new ArgumentException("A batch holds at least one record.", nameof(items));
    }

    private RecordBatch()
    {
        ShardId = "";
        Items = [];
        LastSequenceNumber = "";
    }

    /// <summary>
    /// A batch of no records that only carries a state barrier: sent when records stopped flowing
    /// since the last save, so the saved state catches up with what was delivered. Sinks never see it.
    /// </summary>
    public static RecordBatch StateBarrier() => new() { State = [] };

    public bool IsStateBarrierOnly => Items.Count == 0;

    public string ShardId { get; }

    public IReadOnlyList<PipelineItem> Items { get; }

    public string LastSequenceNumber { get; }

    /// <summary>Alerts raised by the stages for this batch.</summary>
    public List<Alert> Alerts { get; } = [];

    /// <summary>What this batch adds to each aggregate window it touched.</summary>
    public List<WindowTotal> WindowDeltas { get; } = [];

    /// <summary>
    /// What the stages produced for this batch beyond alerts and window deltas, by type: late events,
    /// pseudonym links during a key rotation, budget standings, customer segments... A stage adds its
    /// results (<c>batch.Results&lt;BudgetStatus&gt;().Add(...)</c>) and the sinks that publish them read
    /// them the same way; the pipeline itself does not know the types.
    /// </summary>
    public List<T> Results<T>()
    {
        if (!_results.TryGetValue(typeof(T), out object? list))
        {
            list = new List<T>();
            _results[typeof(T)] = list;
        }

        return (List<T>)list;
    }

    /// <summary>The results of type <typeparamref name="T"/> so far, for a reader: nothing is allocated when there are none.</summary>
    public IReadOnlyList<T> Read<T>() => _results.TryGetValue(typeof(T), out object? list) ? (List<T>)list : [];

    /// <summary>Set on a state barrier: each stateful stage appends its state after processing this batch.</summary>
    public List<StageState>? State { get; set; }

    /// <summary>When the shard reader received it, for end-to-end latency.</summary>
    public long ReceivedTimestamp { get; init; }
}
