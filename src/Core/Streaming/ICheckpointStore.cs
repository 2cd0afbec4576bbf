namespace StreamGuard.Core.Streaming;

/// <summary>Remembers, per shard, the last sequence number whose record every sink accepted.</summary>
public interface ICheckpointStore
{
    Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken);
}
