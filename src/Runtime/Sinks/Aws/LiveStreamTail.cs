using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;
using StreamGuard.Pipeline;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// Reads the live stream every worker publishes to and replays its updates into a local
/// <see cref="LiveFeed"/>: the dashboard in aws mode shows all workers combined. It keeps no
/// checkpoint (a dashboard starts from now), reading with the same shard reader as the pipeline.
/// </summary>
public sealed partial class LiveStreamTail
{
    private readonly IStreamConsumer _stream;
    private readonly LiveFeed _feed;
    private readonly bool _fromStart;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _received;
    private long _unreadable;

    public LiveStreamTail(IStreamConsumer stream, LiveFeed feed, bool fromStart, TimeProvider time, ILogger logger)
    {
        _stream = stream;
        _feed = feed;
        _fromStart = fromStart;
        _time = time;
        _logger = logger;
    }

    public long Received => Interlocked.Read(ref _received);

    public long Unreadable => Interlocked.Read(ref _unreadable);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = new PipelineOptions
        {
            InitialPosition = _fromStart ? IteratorPosition.TrimHorizon : IteratorPosition.Latest,
            RecordsPerRead = 1_000,
            IdlePollInterval = TimeSpan.FromMilliseconds(250),
        };
        var reader = new AllShardsFeed(_stream, new NoCheckpoints(), options, _time, _logger);
        Channel<RecordBatch> batches = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(8) { SingleReader = true });
        Task reading = Task.Run(
            async () =>
            {
                try
                {
                    await reader.RunAsync(batches.Writer, cancellationToken).ConfigureAwait(false);
                    batches.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    batches.Writer.TryComplete(e);
                    throw;
                }
            },
            cancellationToken);
        await foreach (RecordBatch batch in batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (PipelineItem item in batch.Items)
            {
                Publish(item.Record);
            }
        }

        await reading.ConfigureAwait(false);
    }

    private void Publish(StreamRecord record)
    {
        LiveUpdate? update;
        try
        {
            update = JsonSerializer.Deserialize(record.Data.Span, LiveStreamJsonContext.Default.LiveUpdate);
        }
        catch (JsonException e)
        {
            Interlocked.Increment(ref _unreadable);
            Log.Unreadable(_logger, record.SequenceNumber, e);
            return;
        }

        if (update is not null)
        {
            Interlocked.Increment(ref _received);
            _feed.Publish(update);
        }
    }

    private sealed class NoCheckpoints : ICheckpointStore
    {
        public Task<string?> GetCheckpointAsync(string shardId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task SaveCheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Live stream record {SequenceNumber} is not a live update; skipped")]
        public static partial void Unreadable(ILogger logger, string sequenceNumber, Exception exception);
    }
}
