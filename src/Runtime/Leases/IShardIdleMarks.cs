namespace StreamGuard.Runtime.Leases;

/// <summary>Where a worker records that a shard it reads has gone quiet (and is active again), for the fleet's release completeness.</summary>
public interface IShardIdleMarks
{
    /// <summary>The shard has been at its tip with no record for the idle timeout: it counts as passed up to the other shards.</summary>
    Task MarkIdleAsync(string shardId, CancellationToken cancellationToken);

    /// <summary>The shard brought records again: it holds windows back until it passes them, as any shard.</summary>
    Task MarkActiveAsync(string shardId, CancellationToken cancellationToken);
}
