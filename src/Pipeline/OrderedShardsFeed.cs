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
/// scores, alerts and state of one clean run. A block is taken once the writer has passed it.
/// </summary>
public sealed class OrderedShardsFeed
{
    /// <summary>Source counters per block: a block's records in one shard form one batch.</summary>
    public const long BlockSize = 2_000;

    private readonly EmbeddedStream _stream;
    private readonly ICheckpointStore _resume;
    private readonly TimeSpan _idlePoll;
    private readonly TimeProvider _time;
    private volatile bool _inputComplete;
    private volatile bool _stopped;

    public OrderedShardsFeed(EmbeddedStream stream, ICheckpointStore resume, PipelineOptions options, TimeProvider time)
    {
        _stream = stream;
        _resume = resume;
        _idlePoll = options.IdlePollInterval;
        _time = time;
    }

    /// <summary>Nothing more will be written: the feed ends once it has taken everything.</summary>
    public void CompleteInput() => _inputComplete = true;

    /// <summary>A graceful stop: no more batches; those already taken drain to the sinks.</summary>
    public void StopReading() => _stopped = true;

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

            long blockEnd = first is { } f ? ((f / BlockSize) + 1) * BlockSize : 0;
            if (first is null || (_stream.WrittenThrough < blockEnd - 1 && !complete))
            {
                if (first is null && complete)
                {
                    return;
                }

                await Task.Delay(_idlePoll, _time, cancellationToken).ConfigureAwait(false);
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
}
