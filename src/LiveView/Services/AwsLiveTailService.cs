using Microsoft.Extensions.Options;
using StreamGuard.Core.Aws;
using StreamGuard.Core.Aws.Kinesis;
using StreamGuard.LiveView.Extensions;
using StreamGuard.LiveView.Models;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Aws;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// aws mode: instead of running a pipeline, the dashboard tails the live stream every `consume`
/// worker publishes to, so it shows the combined state of all workers.
/// </summary>
public sealed class AwsLiveTailService : BackgroundService
{
    private readonly IConfiguration _configuration;
    private readonly StreamGuardOptions _streamGuard;
    private readonly LiveViewOptions _options;
    private readonly LiveFeed _feed;
    private readonly DashboardState _state;
    private readonly TimeProvider _time;
    private readonly ILogger<AwsLiveTailService> _logger;

    public AwsLiveTailService(IConfiguration configuration, StreamGuardOptions streamGuard, IOptions<LiveViewOptions> options, LiveFeed feed, DashboardState state,
        TimeProvider time, ILogger<AwsLiveTailService> logger)
    {
        _configuration = configuration;
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
        var aws = new AwsOptions();
        _configuration.GetSection(AwsOptionsValidator.SectionName).Bind(aws);
        using AwsClientContext context = AwsClientContext.FromOptions(aws, _time);
        _state.SetPrivacy(new PrivacyBanner("aws workers", _streamGuard.Privacy.KeepMerchantLocation, _streamGuard.Privacy.HomeCellDegrees));
        var tail = new LiveStreamTail(new KinesisClient(context, _options.AwsLiveStream!), _feed, fromStart: false, _time, _logger);
        try
        {
            await tail.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
