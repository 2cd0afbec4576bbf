namespace StreamGuard.LiveView.Extensions;

/// <summary>Builds the dashboard application; the functional tests host it on a free port the same way.</summary>
public static class LiveViewApp
{
    public static WebApplication Create(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = LiveViewPaths.WebRoot() });
        builder.AddLiveView();
        WebApplication app = builder.Build();
        app.MapLiveView();
        return app;
    }
}
