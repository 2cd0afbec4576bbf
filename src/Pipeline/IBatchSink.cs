
namespace StreamGuard.Pipeline;

/// <summary>
/// A destination for processed batches. When <see cref="WriteAsync"/> returns, the sink has
/// durably accepted the batch: the checkpoint may then move past it. Writes must be idempotent,
/// because after a crash the batches since the last checkpoint are delivered again.
/// </summary>
public interface IBatchSink : IAsyncDisposable
{
    string Name { get; }

    Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken);
}
