namespace StreamGuard.Core.Streaming;

/// <summary>Reads a stream shard by shard. Implemented by the embedded stream and the Kinesis client.</summary>
public interface IStreamConsumer
{
    Task<IReadOnlyList<ShardDescription>> ListShardsAsync(CancellationToken cancellationToken);

    Task<string> GetShardIteratorAsync(string shardId, ShardPosition position, CancellationToken cancellationToken);

    Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken);
}
