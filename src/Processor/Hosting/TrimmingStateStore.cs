using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Processor.State;

namespace StreamGuard.Processor.Hosting;

/// <summary>
/// Embedded mode with state checkpoints: a restart resumes from the positions saved with the state,
/// so the in-process stream keeps records until a state save covers them, not merely a checkpoint.
/// </summary>
internal sealed class TrimmingStateStore : IStateStore
{
    private readonly IStateStore _inner;
    private readonly EmbeddedStream _stream;

    public TrimmingStateStore(IStateStore inner, EmbeddedStream stream)
    {
        _inner = inner;
        _stream = stream;
    }

    public Task<StateCheckpoint?> LoadAsync(CancellationToken cancellationToken) => _inner.LoadAsync(cancellationToken);

    public async Task SaveAsync(StateCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await _inner.SaveAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        foreach ((string shard, string sequence) in checkpoint.Positions)
        {
            _stream.Trim(shard, sequence);
        }
    }
}
