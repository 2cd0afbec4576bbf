using Microsoft.AspNetCore.SignalR;
using StreamGuard.LiveView.Services;

namespace StreamGuard.LiveView.Hubs;

/// <summary>The dashboard's SignalR hub: viewers receive "frame" messages; a new viewer gets the current one at once.</summary>
public sealed class DashboardHub : Hub
{
    public const string Path = "/hubs/dashboard";
    public const string FrameMethod = "frame";
    private readonly DashboardState _state;

    public DashboardHub(DashboardState state) => _state = state;

    public override Task OnConnectedAsync() => Clients.Caller.SendAsync(FrameMethod, _state.Frame());
}
