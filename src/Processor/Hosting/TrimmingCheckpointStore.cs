using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;

namespace StreamGuard.Processor.Hosting;

/// <summary>Embedded mode: once a checkpoint is saved, the in-process stream may drop what it covers.</summary>
internal sealed class TrimmingCheckpointStore : ICheckpointStore
{
    private readonly ICheckpointStore _inner;
    private readonly EmbeddedStream _stream;

    public TrimmingCheckpointStore(ICheckpointStore inner, EmbeddedStream stream)
    {
        _inner = inner;
        _stream = stream;
    }

    public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken) => _inner.GetCheckpointAsync(shardId, cancellationToken);

    public async Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken)
    {
        await _inner.SaveCheckpointAsync(shardId, sequenceNumber, cancellationToken).ConfigureAwait(false);
        _stream.Trim(shardId, sequenceNumber);
    }
}
