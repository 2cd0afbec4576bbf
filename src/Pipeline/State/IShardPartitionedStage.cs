namespace StreamGuard.Pipeline.State;

/// <summary>
/// A stage position that runs one stage instance per shard (aws mode: one stage chain per owned
/// lease, like Kafka Streams tasks), so each shard's learned state can be saved, moved and
/// restored on its own. A barrier captures every open shard's instance, tagged with its shard.
/// </summary>
public interface IShardPartitionedStage
{
    /// <summary>The instances open now, by shard. Called on the stage's own task, between batches.</summary>
    IEnumerable<KeyValuePair<string, IPipelineStage>> Partitions();
}
