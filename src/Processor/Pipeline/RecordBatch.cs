using StreamGuard.Core.Model;
using StreamGuard.Processor.State;
using StreamGuard.Processor.Windows;

namespace StreamGuard.Processor.Pipeline;

/// <summary>
/// The unit that moves between stages: one GetRecords page of one shard. Its last sequence
/// number is checkpointed once every sink has accepted the batch.
/// </summary>
public sealed class RecordBatch
{
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

    /// <summary>Events that missed windows already closed (see <see cref="LateEvent"/>): published, never silently dropped.</summary>
    public List<LateEvent> LateEvents { get; } = [];

    /// <summary>During a key rotation: old pseudonyms first seen in this batch and their new ones; stages re-key their state before the batch's records.</summary>
    public List<Privacy.PseudonymLink> PseudonymLinks { get; } = [];

    /// <summary>Budget standings (month to date, budget, forecast) this batch changed.</summary>
    public List<Budgets.BudgetStatus> Budgets { get; } = [];

    /// <summary>Segments of the customers this batch saw.</summary>
    public List<Segments.CustomerSegment> Segments { get; } = [];

    /// <summary>Set on a state barrier: each stateful stage appends its state after processing this batch.</summary>
    public List<StageState>? State { get; set; }

    /// <summary>When the shard reader received it, for end-to-end latency.</summary>
    public long ReceivedTimestamp { get; init; }
}
