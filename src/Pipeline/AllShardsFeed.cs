using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Pipeline;

/// <summary>
/// Feeds the pipeline from every shard of the stream, one reader each: the single-worker case
/// (embedded mode). Workers that share a stream use a lease-based feed instead.
/// </summary>
public sealed class AllShardsFeed
{
    private readonly IStreamConsumer _consumer;
    private readonly ShardReader _reader;
    private volatile bool _inputComplete;
    private volatile bool _stopped;

    public AllShardsFeed(IStreamConsumer consumer, ICheckpointStore checkpoints, PipelineOptions options, TimeProvider time, ILogger logger)
    {
        _consumer = consumer;
        _reader = new ShardReader(consumer, checkpoints, options, time, logger);
    }

    /// <summary>Tells the readers that nothing more will be written: they stop once they have read everything.</summary>
    public void CompleteInput() => _inputComplete = true;

    /// <summary>A graceful stop: the readers read nothing more; what they read already goes through to the sinks.</summary>
    public void StopReading() => _stopped = true;

    public async Task RunAsync(ChannelWriter<RecordBatch> output, CancellationToken cancellationToken)
    {
        IReadOnlyList<ShardDescription> shards = await _consumer.ListShardsAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(shards.Where(s => s.ParentShardId is null).Select(s => Task.Run(
            () => _reader.RunAsync(s.ShardId, output, () => _inputComplete, cancellationToken, () => _stopped), cancellationToken))).ConfigureAwait(false);
    }
}
