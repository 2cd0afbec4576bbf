using Microsoft.Extensions.Options;
using StreamGuard.Aws;
using StreamGuard.Aws.Kinesis;
using StreamGuard.LiveView.Extensions;
using StreamGuard.LiveView.Models;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// aws mode: instead of running a pipeline, the dashboard tails the live stream every `consume`
/// worker publishes to, so it shows the combined state of all workers. The verdicts table is
/// created here when missing (the workers create their own tables).
/// </summary>
public sealed class AwsLiveTailService : BackgroundService
{
    private static readonly TimeSpan s_tableTimeout = TimeSpan.FromSeconds(60);
    private readonly AwsClientContext _context;
    private readonly DynamoDbVerdictStore _verdicts;
    private readonly AwsWorkerOptions _workers;
    private readonly StreamGuardOptions _streamGuard;
    private readonly LiveViewOptions _options;
    private readonly LiveFeed _feed;
    private readonly DashboardState _state;
    private readonly TimeProvider _time;
    private readonly ILogger<AwsLiveTailService> _logger;

    public AwsLiveTailService(AwsClientContext context, DynamoDbVerdictStore verdicts, AwsWorkerOptions workers, StreamGuardOptions streamGuard, IOptions<LiveViewOptions> options, LiveFeed feed,
        DashboardState state, TimeProvider time, ILogger<AwsLiveTailService> logger)
    {
        _context = context;
        _verdicts = verdicts;
        _workers = workers;
        _streamGuard = streamGuard;
        _options = options.Value;
        _feed = feed;
        _state = state;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _state.SetPrivacy(new PrivacyBanner("held by the aws workers", _streamGuard.Privacy.KeepMerchantLocation, _streamGuard.Privacy.HomeCellDegrees));
        var tail = new LiveStreamTail(new KinesisClient(_context, _options.AwsLiveStream!), _feed, fromStart: false, _time, _logger);
        try
        {
            await _verdicts.EnsureTableAsync(s_tableTimeout, stoppingToken).ConfigureAwait(false);
            var tasks = new List<Task> { tail.RunAsync(stoppingToken) };
            if (!string.IsNullOrEmpty(_workers.StreamName))
            {
                // The workers' input stream (StreamGuard:Aws:StreamName): the positions come with their live updates.
                var lag = new ShardLagProbe(new KinesisClient(_context, _workers.StreamName), null, _state, _time, _logger) { Interval = TimeSpan.FromSeconds(2) };
                tasks.Add(lag.RunAsync(stoppingToken));
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
