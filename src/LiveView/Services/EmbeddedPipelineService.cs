using Microsoft.Extensions.Options;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.LiveView.Extensions;
using StreamGuard.LiveView.Models;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// Runs the embedded pipeline inside the web app and replays the sample into it forever, at a
/// time speed-up. Each pass shifts event times past the previous one and gives transactions
/// fresh ids, so the stream looks like one continuous history.
/// </summary>
public sealed partial class EmbeddedPipelineService : BackgroundService
{
    /// <summary>Files a fresh start keeps: the pseudonym key, the privacy budget ledger (spent budget is never forgotten) and the analysts' verdicts.</summary>
    private static readonly string[] s_kept = [FilePrivacyLedgerStore.FileName, SqliteVerdictStore.FileName, SqliteVerdictStore.FileName + "-wal", SqliteVerdictStore.FileName + "-shm"];

    private readonly StreamGuardOptions _streamGuard;
    private readonly LiveViewOptions _options;
    private readonly IServiceProvider _services;
    private readonly DashboardState _state;
    private readonly ReplaySample _sample;
    private readonly LabelTarget _labels;
    private readonly VerdictService _verdicts;
    private readonly TimeProvider _time;
    private readonly ILogger<EmbeddedPipelineService> _logger;

    public EmbeddedPipelineService(StreamGuardOptions streamGuard, IOptions<LiveViewOptions> options, IServiceProvider services, DashboardState state, ReplaySample sample,
        LabelTarget labels, VerdictService verdicts, TimeProvider time, ILogger<EmbeddedPipelineService> logger)
    {
        _streamGuard = streamGuard;
        _options = options.Value;
        _services = services;
        _state = state;
        _sample = sample;
        _labels = labels;
        _verdicts = verdicts;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether a fresh start removes <paramref name="fileName"/> from the data folder.</summary>
    public static bool ResetRemoves(string fileName) => !fileName.EndsWith(".key", StringComparison.Ordinal) && !s_kept.Contains(fileName, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (_options.ResetDataDir && Directory.Exists(_streamGuard.DataDir))
        {
            foreach (string file in Directory.EnumerateFiles(_streamGuard.DataDir).Where(f => ResetRemoves(Path.GetFileName(f))))
            {
                File.Delete(file);
            }

            foreach (string folder in Directory.EnumerateDirectories(_streamGuard.DataDir))
            {
                Directory.Delete(folder, recursive: true);
            }

            // The scorer starts without learned state: it is taught every stored verdict again.
            await _verdicts.RepostAllAsync(stoppingToken).ConfigureAwait(false);
        }

        // Built only now, after the reset above; the host's container owns and disposes it.
        EmbeddedPipeline embedded = _services.GetRequiredService<EmbeddedPipeline>();
        DifferentialPrivacyOptions dp = _streamGuard.Privacy.Differential;
        _state.SetPrivacy(
            new PrivacyBanner(embedded.Key.Id, _streamGuard.Privacy.KeepMerchantLocation, _streamGuard.Privacy.HomeCellDegrees)
            {
                Noise = dp.Enabled ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{dp.Mechanism}, k {dp.MinGroupSize}, clamp ${dp.AmountClamp} x {dp.MaxTransactionsPerCustomer} per customer per {dp.ReleaseWindow:c} window") : "off",
                Epsilon = dp.Epsilon,
            },
            embedded.PrivateReport);
        _labels.Inbox = embedded.Labels;
        await _verdicts.PostWaitingAsync(stoppingToken).ConfigureAwait(false);
        Log.Replaying(_logger, _sample.Events.Count, _sample.Path, _options.Speed);

        Task processing = embedded.RunAsync(stoppingToken);
        // The sample's unreadable rows go through the stream like any record (once the readers run: the stream is bounded).
        Task rejected = embedded.DeadLetterInputAsync(_sample.DeadLetters, stoppingToken);
        var lag = new ShardLagProbe(embedded.Stream, (shard, through) => RecordsBehind(embedded.Stream, shard, through), _state, _time, _logger);
        try
        {
            await Task.WhenAll(processing, rejected, LoopAsync(embedded, _sample.Events, stoppingToken), lag.RunAsync(stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _labels.Inbox = null;
        }
    }

    /// <summary>Records of the shard after <paramref name="through"/> (all of them when null): the embedded stream can count them.</summary>
    public static long RecordsBehind(EmbeddedStream stream, string shardId, string? through)
    {
        int index = stream.ShardIds.ToList().IndexOf(shardId);
        long from = through is null ? 0 : stream.CounterOf(index, through) + 1;
        return stream.ReadBetween(index, from, long.MaxValue).Count;
    }

    private async Task LoopAsync(EmbeddedPipeline embedded, List<TransactionEvent> events, CancellationToken cancellationToken)
    {
        TimeSpan span = events[^1].EventTime - events[0].EventTime + TimeSpan.FromDays(1);
        for (int pass = 0; !cancellationToken.IsCancellationRequested; pass++)
        {
            TimeSpan shift = span * pass;
            string suffix = pass == 0 ? "" : "-r" + pass.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var replayer = new StreamReplayer(embedded.Stream, new ReplayOptions { Speed = _options.Speed, Parallelism = 2 }, _time);
            await replayer.RunAsync(events.Select(e => e with { TransactionId = e.TransactionId + suffix, EventTime = e.EventTime + shift }), cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Replaying {Count} transactions from {Sample} in a loop at {Speed}x event time")]
        public static partial void Replaying(ILogger logger, int count, string sample, double speed);
    }
}
