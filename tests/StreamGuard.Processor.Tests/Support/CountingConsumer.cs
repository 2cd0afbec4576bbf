using StreamGuard.Core.Streaming;

namespace StreamGuard.Processor.Tests.Support;

/// <summary>Wraps a stream consumer and counts the reads that returned records.</summary>
internal sealed class CountingConsumer : IStreamConsumer
{
    private readonly IStreamConsumer _inner;
    private int _pages;

    public CountingConsumer(IStreamConsumer inner) => _inner = inner;

    public int PagesRead => Volatile.Read(ref _pages);

    public Task<IReadOnlyList<ShardDescription>> ListShardsAsync(CancellationToken cancellationToken) => _inner.ListShardsAsync(cancellationToken);

    public Task<string> GetShardIteratorAsync(string shardId, ShardPosition position, CancellationToken cancellationToken) =>
        _inner.GetShardIteratorAsync(shardId, position, cancellationToken);

    public async Task<GetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken)
    {
        GetRecordsResult result = await _inner.GetRecordsAsync(shardIterator, limit, cancellationToken);
        if (result.Records.Count > 0)
        {
            Interlocked.Increment(ref _pages);
        }

        return result;
    }
}
