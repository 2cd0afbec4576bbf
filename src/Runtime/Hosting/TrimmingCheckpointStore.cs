using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// Embedded mode: once a checkpoint is saved, the in-process stream may drop what it covers. When
/// reading resumes from the saved state's positions alone (<c>readsCheckpoints</c> false), the
/// per-batch checkpoints only trim: resuming from them would skip records the learned state has
/// not seen (the sinks' own progress marks keep those records from being written twice).
/// </summary>
internal sealed class TrimmingCheckpointStore : ICheckpointStore
{
    private readonly ICheckpointStore _inner;
    private readonly EmbeddedStream _stream;
    private readonly bool _readsCheckpoints;

    public TrimmingCheckpointStore(ICheckpointStore inner, EmbeddedStream stream, bool readsCheckpoints = true)
    {
        _inner = inner;
        _stream = stream;
        _readsCheckpoints = readsCheckpoints;
    }

    public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken) =>
        _readsCheckpoints ? _inner.GetCheckpointAsync(shardId, cancellationToken) : Task.FromResult<string?>(null);

    public async Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken)
    {
        await _inner.SaveCheckpointAsync(shardId, sequenceNumber, cancellationToken).ConfigureAwait(false);
        _stream.Trim(shardId, sequenceNumber);
    }
}
