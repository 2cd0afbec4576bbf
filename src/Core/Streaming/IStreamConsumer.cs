namespace StreamGuard.Core.Streaming;

/// <summary>Reads a stream shard by shard. Implemented by the embedded stream and the Kinesis client.</summary>
public interface IStreamConsumer
{
    Task<IReadOnlyList<ShardDescription>> ListShardsAsync(CancellationToken cancellationToken);

    Task<string> GetShardIteratorAsync(string shardId, ShardPosition position, CancellationToken cancellationToken);

    /// <summary>A page of records; a null NextShardIterator means SHARD_END. An iterator past its lifetime throws <see cref="ShardIteratorExpiredException"/>.</summary>
    Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken);
}
