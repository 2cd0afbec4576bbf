namespace StreamGuard.Runtime.Leases;

/// <summary>
/// One item of the lease table (the KCL schema): which worker reads a shard, a counter every
/// renewal bumps, and how far the shard has been processed.
/// </summary>
public sealed record Lease(
    string LeaseKey,
    string? Owner,
    long Counter,
    string Checkpoint,
    long OwnerSwitchesSinceCheckpoint,
    IReadOnlyList<string> ParentShardIds)
{
    /// <summary>The shard reached its end and every record of it was checkpointed.</summary>
    public bool IsFinished => Checkpoint == LeaseCheckpoints.ShardEnd;

    /// <summary>
    /// The S3 key of the shard's learned state saved by the owner with this lease's checkpoint
    /// (<see cref="ShardStateStore"/>); null when none was saved yet.
    /// </summary>
    public string? StateObject { get; init; }
}
