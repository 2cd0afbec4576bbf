using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StreamGuard.LiveView.Extensions;
using StreamGuard.LiveView.Hubs;
using StreamGuard.Runtime.Sinks.Live;

namespace StreamGuard.LiveView.Services;

/// <summary>
/// Folds the live feed into the dashboard state and pushes a frame to every viewer at a fixed
/// pace, however fast or slow the pipeline runs: throttled, never one message per record.
/// </summary>
public sealed class DashboardBroadcastService : BackgroundService
{
    private readonly LiveFeed _feed;
    private readonly DashboardState _state;
    private readonly IHubContext<DashboardHub> _hub;
    private readonly LiveViewOptions _options;
    private readonly TimeProvider _time;

    public DashboardBroadcastService(LiveFeed feed, DashboardState state, IHubContext<DashboardHub> hub, IOptions<LiveViewOptions> options, TimeProvider time)
    {
        _feed = feed;
        _state = state;
        _hub = hub;
        _options = options.Value;
        _time = time;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ChannelReader<LiveUpdate> updates = _feed.Subscribe(stoppingToken);
        using var timer = new PeriodicTimer(_options.PushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                while (updates.TryRead(out LiveUpdate? update))
                {
                    _state.Apply(update);
                }

                _state.DroppedUpdates = _feed.Dropped;
                await _hub.Clients.All.SendAsync(DashboardHub.FrameMethod, _state.Frame(), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
