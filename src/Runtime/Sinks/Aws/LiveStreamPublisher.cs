using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Streaming;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// Forwards this worker's live updates (from the <see cref="LiveFeedSink"/> every mode uses) to a
/// shared live stream, so one dashboard sees all workers. It is UI fan-out: it subscribes like a
/// viewer, so when the stream is slow or failing the oldest updates are dropped and counted, and the
/// pipeline never waits for it. The stream leaves the process, so it carries only privacy-safe data:
/// counts, alerts (pseudonymous, as on the SNS topic) and the DP population release; never the recent
/// transactions nor exact category totals (<see cref="SafeForStream"/>).
/// </summary>
public sealed partial class LiveStreamPublisher
{
    private const int MaxPerPut = 100;
    private readonly IStreamProducer _stream;
    private readonly LiveFeed _feed;
    private readonly string _workerId;
    private readonly ILogger _logger;
    private long _sent;
    private long _failed;

    public LiveStreamPublisher(IStreamProducer stream, LiveFeed feed, string workerId, ILogger logger)
    {
        _stream = stream;
        _feed = feed;
        _workerId = workerId;
        _logger = logger;
    }

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Updates that could not be put (dropped, not retried: the next update carries on).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ChannelReader<LiveUpdate> updates = _feed.Subscribe(cancellationToken);
        var batch = new List<PutRecordEntry>(MaxPerPut);
        try
        {
            while (await updates.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (batch.Count < MaxPerPut && updates.TryRead(out LiveUpdate? update))
                {
                    batch.Add(new PutRecordEntry(_workerId, JsonSerializer.SerializeToUtf8Bytes(SafeForStream(update), LiveStreamJsonContext.Default.LiveUpdate)));
                }

                await PutAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker stops.
        }
    }

    /// <summary>
    /// What of a live update may go on the shared stream: no transactions, no exact totals. The
    /// pipeline-health figures (latency, late events, the score histogram, the alert threshold) are
    /// counts and timings about no one, and the shard positions say only how far the workers have read, so the console shows the same health panels in aws mode.
    /// </summary>
    public static LiveUpdate SafeForStream(LiveUpdate update) =>
        new(update.Processed, update.DeadLettered, [], update.Alerts, [])
        {
            Population = update.Population,
            LatencyMs = update.LatencyMs,
            LateEvents = update.LateEvents,
            ScoreHistogram = update.ScoreHistogram,
            AlertThreshold = update.AlertThreshold,
            ShardId = update.ShardId,
            LastSequenceNumber = update.LastSequenceNumber,
        };

    private async Task PutAsync(List<PutRecordEntry> batch, CancellationToken cancellationToken)
    {
        try
        {
            PutRecordsResult result = await _stream.PutRecordsAsync(batch, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _sent, batch.Count - result.FailedRecordCount);
            Interlocked.Add(ref _failed, result.FailedRecordCount);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Add(ref _failed, batch.Count);
            Log.PutFailed(_logger, batch.Count, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "{Count} live updates could not be sent to the live stream; the dashboard misses them")]
        public static partial void PutFailed(ILogger logger, int count, Exception exception);
    }
}
