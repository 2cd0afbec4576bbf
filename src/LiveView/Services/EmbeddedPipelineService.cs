using Microsoft.Extensions.Options;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.LiveView.Extensions;
using StreamGuard.LiveView.Models;
using StreamGuard.Processor.Hosting;
using StreamGuard.Processor.Sinks.Live;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// Runs the embedded pipeline inside the web app and replays the sample into it forever, at a
/// time speed-up. Each pass shifts event times past the previous one and gives transactions
/// fresh ids, so the stream looks like one continuous history.
/// </summary>
public sealed partial class EmbeddedPipelineService : BackgroundService
{
    private readonly StreamGuardOptions _streamGuard;
    private readonly LiveViewOptions _options;
    private readonly LiveFeed _feed;
    private readonly DashboardState _state;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly ILogger<EmbeddedPipelineService> _logger;

    public EmbeddedPipelineService(StreamGuardOptions streamGuard, IOptions<LiveViewOptions> options, LiveFeed feed, DashboardState state,
        ILoggerFactory loggers, TimeProvider time, ILogger<EmbeddedPipelineService> logger)
    {
        _streamGuard = streamGuard;
        _options = options.Value;
        _feed = feed;
        _state = state;
        _loggers = loggers;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (_options.ResetDataDir && Directory.Exists(_streamGuard.DataDir))
        {
            foreach (string file in Directory.EnumerateFiles(_streamGuard.DataDir).Where(f => !f.EndsWith(".key", StringComparison.Ordinal)))
            {
                File.Delete(file);
            }

            foreach (string folder in Directory.EnumerateDirectories(_streamGuard.DataDir))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        await using var embedded = new EmbeddedPipeline(_streamGuard, _loggers, _time, _feed);
        _state.SetPrivacy(new PrivacyBanner(embedded.Key.Id, _streamGuard.Privacy.KeepMerchantLocation, _streamGuard.Privacy.HomeCellDegrees));
        string sample = _options.SampleFile ?? LiveViewPaths.FindUpwards(Path.Combine("data", "sample.csv"))!;
        var deadLetters = new List<DeadLetter>();
        List<TransactionEvent> events = ReplayOrdering.ByEventTime(TransactionFileReader.Read(sample), deadLetters.Add);
        embedded.DeadLetterInput(deadLetters);
        Log.Replaying(_logger, events.Count, sample, _options.Speed);

        Task processing = embedded.RunAsync(stoppingToken);
        try
        {
            await Task.WhenAll(processing, LoopAsync(embedded, events, stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task LoopAsync(EmbeddedPipeline embedded, List<TransactionEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

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
