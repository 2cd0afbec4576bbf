using System.Threading.Channels;
using StreamGuard.Pipeline;

namespace StreamGuard.Runtime.Leases;

/// <summary>Passes one shard's batches to the pipeline and remembers the last sequence number handed over.</summary>
internal sealed class TrackingChannelWriter : ChannelWriter<RecordBatch>
{
    private readonly ChannelWriter<RecordBatch> _inner;
    private volatile string? _lastWritten;

    public TrackingChannelWriter(ChannelWriter<RecordBatch> inner) => _inner = inner;

    public string? LastWritten => _lastWritten;

    public override bool TryWrite(RecordBatch item)
    {
        if (!_inner.TryWrite(item))
        {
            return false;
        }

        _lastWritten = item.LastSequenceNumber;
        return true;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => _inner.WaitToWriteAsync(cancellationToken);

    public override async ValueTask WriteAsync(RecordBatch item, CancellationToken cancellationToken = default)
    {
        await _inner.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        _lastWritten = item.LastSequenceNumber;
    }
}
