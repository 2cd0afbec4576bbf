using StreamGuard.Core.Streaming;
using StreamGuard.LiveView.Models;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// Measures shard lag the way Kinesis's IteratorAge does, for both modes through the same consumer
/// interface: per shard, one GetRecords of a single record after the last one processed (the position
/// the live updates report); its age is how far behind the pipeline is, none means caught up. The
/// embedded stream also counts the records behind. In aws mode each probe is one read call per
/// shard every <see cref="Interval"/> (Kinesis allows 5 a second per shard).
/// </summary>
public sealed partial class ShardLagProbe
{
    private static readonly TimeSpan s_shardRefresh = TimeSpan.FromSeconds(30);
    private readonly IStreamConsumer _stream;
    private readonly Func<string, string?, long?>? _recordsBehind;
    private readonly DashboardState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="recordsBehind">Counts the records after a position (null: from the start) in a shard, when the stream can.</param>
    public ShardLagProbe(IStreamConsumer stream, Func<string, string?, long?>? recordsBehind, DashboardState state, TimeProvider time, ILogger logger)
    {
        _stream = stream;
        _recordsBehind = recordsBehind;
        _state = state;
        _time = time;
        _logger = logger;
    }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        IReadOnlyList<ShardDescription> shards = [];
        long listed = 0;
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (shards.Count == 0 || _time.GetElapsedTime(listed) > s_shardRefresh)
                {
                    shards = await _stream.ListShardsAsync(cancellationToken).ConfigureAwait(false);
                    listed = _time.GetTimestamp();
                }

                var lag = new List<ShardLag>(shards.Count);
                foreach (ShardDescription shard in shards)
                {
                    lag.Add(await ProbeAsync(shard.ShardId, cancellationToken).ConfigureAwait(false));
                }

                _state.SetShardLag(lag);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick measures again; the page keeps the last figures meanwhile.
                Log.ProbeFailed(_logger, e);
            }
        }
    }

    public async Task<ShardLag> ProbeAsync(string shardId, CancellationToken cancellationToken)
    {
        string? through = _state.ProcessedThrough(shardId);
        string iterator = await _stream.GetShardIteratorAsync(shardId, through is null ? ShardPosition.TrimHorizon : ShardPosition.After(through), cancellationToken).ConfigureAwait(false);
        GetRecordsResult next = await _stream.GetRecordsAsync(iterator, 1, cancellationToken).ConfigureAwait(false);
        double millis = next.Records.Count == 0 ? 0 : Math.Max(0, (_time.GetUtcNow() - next.Records[0].ApproximateArrivalTimestamp).TotalMilliseconds);
        return new ShardLag(shardId, next.Records.Count == 0 ? 0 : _recordsBehind?.Invoke(shardId, through), Math.Round(millis), through);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Shard lag could not be measured; trying again")]
        public static partial void ProbeFailed(ILogger logger, Exception exception);
    }
}
