using System.Diagnostics;
using System.Threading.Channels;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;

namespace StreamGuard.Pipeline;

/// <summary>
/// Feeds the pipeline from every shard of a sequenced embedded stream in one fixed order: records
/// are taken in blocks of <see cref="BlockSize"/> source counters, and within a block shard by
/// shard. Batch boundaries and order then depend on the input alone, not on thread timing, so the
/// stages see the same sequence on every run: a run resumed after a crash computes exactly the
/// scores, alerts and state of one clean run. A block is taken once the writer has passed it: the
/// feed waits on the stream's signal (<see cref="EmbeddedStream.WhenWrittenThroughAsync"/>), not on a
/// timer, so no block waits longer than its own writing.
/// </summary>
public sealed class OrderedShardsFeed
{
    /// <summary>Source counters per block by default: a block's records in one shard form one batch.</summary>
    public const long DefaultBlockSize = 2_000;

    private readonly EmbeddedStream _stream;
    private readonly ICheckpointStore _resume;
    private long _blockSize;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _inputComplete;
    private volatile bool _stopped;

    public OrderedShardsFeed(EmbeddedStream stream, ICheckpointStore resume, PipelineOptions options, TimeProvider time)
    {
        _stream = stream;
        _resume = resume;
        _blockSize = options.OrderedBlockSize;
        // Kept for the constructor's shape: the feed no longer sleeps on a clock.
        _ = time;
    }

    /// <summary>
    /// Source counters per block: a block's records in one shard form one batch. The block size
    /// decides the order the stages see, so it is set before <see cref="RunAsync"/>, never during.
    /// </summary>
    public long BlockSize
    {
        get => _blockSize;
        set => _blockSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A block holds at least one source counter.");
    }

    /// <summary>Nothing more will be written: the feed ends once it has taken everything.</summary>
    public void CompleteInput()
    {
        _inputComplete = true;
        _ended.TrySetResult();
    }

    /// <summary>A graceful stop: no more batches; those already taken drain to the sinks.</summary>
    public void StopReading()
    {
        _stopped = true;
        _ended.TrySetResult();
    }

    public async Task RunAsync(ChannelWriter<RecordBatch> output, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> shards = _stream.ShardIds;
        var next = new long[shards.Count];
        for (int i = 0; i < shards.Count; i++)
        {
            string? position = await _resume.GetCheckpointAsync(shards[i], cancellationToken).ConfigureAwait(false);
            next[i] = position is null ? 0 : _stream.CounterOf(i, position) + 1;
        }

        while (!_stopped)
        {
            bool complete = _inputComplete;
            long? first = null;
            for (int i = 0; i < shards.Count; i++)
            {
                if (_stream.FirstCounterFrom(i, next[i]) is { } counter && (first is null || counter < first))
                {
                    first = counter;
                }
            }

            long blockEnd = first is { } f ? ((f / _blockSize) + 1) * _blockSize : 0;
            if (first is null || (_stream.WrittenThrough < blockEnd - 1 && !complete))
            {
                if (first is null && complete)
                {
                    return;
                }

                await WaitForWriterAsync(first is null ? _stream.WrittenThrough : blockEnd - 1, first is null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            for (int i = 0; i < shards.Count && !_stopped; i++)
            {
                IReadOnlyList<StreamRecord> records = _stream.ReadBetween(i, next[i], blockEnd);
                next[i] = Math.Max(next[i], blockEnd);
                if (records.Count == 0)
                {
                    continue;
                }

                var items = new PipelineItem[records.Count];
                for (int r = 0; r < items.Length; r++)
                {
                    items[r] = new PipelineItem(records[r]);
                }

                await output.WriteAsync(new RecordBatch(shards[i], items) { ReceivedTimestamp = Stopwatch.GetTimestamp() }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits until the writer passes <paramref name="counter"/> (or, with <paramref name="beyond"/>,
    /// goes past it: new records may have come), or the input ends or reading stops.
    /// </summary>
    private async Task WaitForWriterAsync(long counter, bool beyond, CancellationToken cancellationToken)
    {
        if (beyond && counter == long.MaxValue)
        {
            await _ended.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        Task written = _stream.WhenWrittenThroughAsync(beyond ? counter + 1 : counter, cancellationToken);
        await Task.WhenAny(written, _ended.Task).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
