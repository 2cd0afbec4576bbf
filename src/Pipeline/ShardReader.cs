using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Pipeline;

/// <summary>
/// Pulls one shard from its checkpoint onward into the pipeline. Writing to the bounded channel
/// waits when the stages are behind, so backpressure stops the pulling. It ends at SHARD_END, on
/// cancellation, or, when draining, at the first empty read after the input was complete.
/// </summary>
public sealed partial class ShardReader
{
    private readonly IStreamConsumer _consumer;
    private readonly ICheckpointStore _checkpoints;
    private readonly PipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ShardReader(IStreamConsumer consumer, ICheckpointStore checkpoints, PipelineOptions options, TimeProvider time, ILogger logger)
    {
        _consumer = consumer;
        _checkpoints = checkpoints;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <returns>true when the shard reached its end (SHARD_END), false when stopped or drained.</returns>
    /// <param name="stopNow">When it turns true the reader stops before its next read (a graceful stop: what was read drains).</param>
    public async Task<bool> RunAsync(string shardId, ChannelWriter<RecordBatch> output, Func<bool> inputComplete, CancellationToken cancellationToken, Func<bool>? stopNow = null)
    {
        string? checkpoint = await _checkpoints.GetCheckpointAsync(shardId, cancellationToken).ConfigureAwait(false);
        ShardPosition start = checkpoint is not null ? ShardPosition.After(checkpoint)
            : _options.InitialPosition == IteratorPosition.Latest ? ShardPosition.Latest : ShardPosition.TrimHorizon;
        string from = checkpoint ?? (start.Type == ShardIteratorType.Latest ? "LATEST" : "TRIM_HORIZON");
        Log.ShardStarted(_logger, shardId, from);

        string? iterator = await _consumer.GetShardIteratorAsync(shardId, start, cancellationToken).ConfigureAwait(false);
        string? lastRead = null;
        while (iterator is not null)
        {
            if (stopNow?.Invoke() == true)
            {
                Log.ShardStopped(_logger, shardId);
                return false;
            }

            bool wasComplete = inputComplete();
            GetRecordsResult page;
            try
            {
                page = await _consumer.GetRecordsAsync(iterator, _options.RecordsPerRead, cancellationToken).ConfigureAwait(false);
            }
            catch (ShardIteratorExpiredException)
            {
                // The iterator outlived its lifetime (a long wait for the stages, a slow sink): nothing was read with it,
                // so reading on right after the last record taken (or from the start position) loses and repeats nothing.
                Log.IteratorExpired(_logger, shardId, lastRead ?? from);
                iterator = await _consumer.GetShardIteratorAsync(shardId, lastRead is null ? start : ShardPosition.After(lastRead), cancellationToken).ConfigureAwait(false);
                continue;
            }

            iterator = page.NextShardIterator;
            if (page.Records.Count > 0)
            {
                lastRead = page.Records[^1].SequenceNumber;
                var items = new PipelineItem[page.Records.Count];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = new PipelineItem(page.Records[i]);
                }

                await output.WriteAsync(new RecordBatch(shardId, items) { ReceivedTimestamp = Stopwatch.GetTimestamp() }, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (wasComplete)
            {
                Log.ShardDrained(_logger, shardId);
                return false;
            }

            if (iterator is not null)
            {
                await Task.Delay(_options.IdlePollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.ShardEnded(_logger, shardId);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Reading shard {ShardId} from {Position}")]
        public static partial void ShardStarted(ILogger logger, string shardId, string position);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Shard {ShardId} drained: the input is complete")]
        public static partial void ShardDrained(ILogger logger, string shardId);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Shard {ShardId}: reading stopped on request")]
        public static partial void ShardStopped(ILogger logger, string shardId);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Shard {ShardId}: the shard iterator expired; reading on after {Position}")]
        public static partial void IteratorExpired(ILogger logger, string shardId, string position);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Shard {ShardId} reached SHARD_END")]
        public static partial void ShardEnded(ILogger logger, string shardId);
    }
}
