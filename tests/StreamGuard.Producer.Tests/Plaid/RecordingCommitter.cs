using System.Collections.Concurrent;
using StreamGuard.Plaid;

namespace StreamGuard.Producer.Tests.Plaid;

/// <summary>Keeps every committed batch; the cursor a caller would store is the last batch's NextCursor.</summary>
internal sealed class RecordingCommitter : IPlaidSyncCommitter
{
    public ConcurrentQueue<PlaidSyncBatch> Batches { get; } = new();

    public string? Cursor => Batches.LastOrDefault()?.NextCursor;

    public Task CommitAsync(PlaidSyncBatch batch, CancellationToken cancellationToken)
    {
        Batches.Enqueue(batch);
        return Task.CompletedTask;
    }
}
