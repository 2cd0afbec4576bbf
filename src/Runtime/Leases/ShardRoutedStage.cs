using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// One position of the stage chain in aws mode: hands each batch to that position's stage in the
/// chain of the batch's shard (<see cref="ShardTasks"/>). The pipeline still runs each position on
/// its own task, so every shard's stage instance is only ever touched by that one task.
/// </summary>
public sealed class ShardRoutedStage : IPipelineStage, IShardPartitionedStage
{
    private readonly ShardTasks _tasks;
    private readonly int _index;
    private readonly Action? _beforeBatch;

    /// <param name="beforeBatch">Run before each batch on this position's task (e.g. hand posted verdicts to every shard's inbox).</param>
    public ShardRoutedStage(ShardTasks tasks, int index, string name, Action? beforeBatch = null)
    {
        _tasks = tasks;
        _index = index;
        _beforeBatch = beforeBatch;
        Name = name;
    }

    public string Name { get; }

    public void Process(RecordBatch batch)
    {
        // A barrier-only batch belongs to no shard: the partitions are captured after it all the same.
        if (batch.IsStateBarrierOnly)
        {
            return;
        }

        _beforeBatch?.Invoke();
        _tasks.ChainFor(batch.ShardId).Stages[_index].Process(batch);
    }

    public IEnumerable<KeyValuePair<string, IPipelineStage>> Partitions() =>
        _tasks.OpenChains.Select(c => new KeyValuePair<string, IPipelineStage>(c.Key, c.Value.Stages[_index]));
}
