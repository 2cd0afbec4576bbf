namespace StreamGuard.Pipeline.State;

/// <summary>One stage's saved state.</summary>
public sealed record StageState(string Name, byte[] Data)
{
    /// <summary>
    /// The shard whose stage instance captured it, when the chain runs one instance per shard
    /// (<see cref="IShardPartitionedStage"/>); null for a chain shared by every shard. Not part of the
    /// stored form: a store that keeps state per shard writes each shard's states on their own.
    /// </summary>
    public string? Shard { get; init; }
}
