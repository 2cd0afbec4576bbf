using StreamGuard.Core.Streaming;

namespace StreamGuard.Aws.Tests.Support;

/// <summary>A stream that only lists shards: what the lease coordinator needs from it.</summary>
public sealed class FixedShards(IReadOnlyList<ShardDescription> shards) : IStreamConsumer
{
    public static FixedShards Open(int count) => new(Enumerable.Range(0, count)
        .Select(i => new ShardDescription($"shardId-{i:D12}", null, null, i, i, "0", null)).ToArray());

    public Task<IReadOnlyList<ShardDescription>> ListShardsAsync(CancellationToken cancellationToken) => Task.FromResult(shards);

    public Task<string> GetShardIteratorAsync(string shardId, ShardPosition position, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();
}
