using System.Runtime.InteropServices;
using StreamGuard.Core;

namespace StreamGuard.LiveView.Extensions;

/// <summary>Builds the dashboard application; the functional tests host it on a free port the same way.</summary>
public static class LiveViewApp
{
    /// <exception cref="UserErrorException">A setting is wrong or the sample cannot be replayed.</exception>
    public static WebApplication Create(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = LiveViewPaths.WebRoot() });
        builder.AddLiveView();
        WebApplication app = builder.Build();
        app.MapLiveView();
        return app;
    }

    /// <summary>
    /// Runs until Ctrl+C or SIGTERM (then drains and stops: exit 130 or 143); a user error prints
    /// one line and exits 2 (3 for a sample with no readable row).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        int signalled = 0;
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => signalled = 130);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => signalled = 143);
        try
        {
            await using WebApplication app = Create(args);
            await app.RunAsync().ConfigureAwait(false);
            return signalled;
        }
        catch (UserErrorException e)
        {
            Console.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            Console.Error.WriteLine($"LiveView cannot listen: {e.Message}");
            return 2;
        }
    }
}
