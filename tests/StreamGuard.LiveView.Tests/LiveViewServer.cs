using Microsoft.AspNetCore.Builder;
using StreamGuard.LiveView.Extensions;

namespace StreamGuard.LiveView.Tests;

/// <summary>The real dashboard on a free loopback port, over a fresh data folder and a small sample.</summary>
public sealed class LiveViewServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly bool _ownsDataDir;

    private LiveViewServer(WebApplication app, string dataDir, bool ownsDataDir)
    {
        _app = app;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public string DataDir { get; }

    public Uri BaseAddress => new(_app.Urls.First());

    public IServiceProvider Services => _app.Services;

    public static Task<LiveViewServer> StartAsync(string sampleFile, params string[] extraArgs) =>
        StartInAsync(Path.Combine(Path.GetTempPath(), "sg-liveview-" + Guid.NewGuid().ToString("N")), ownsDataDir: true, sampleFile, extraArgs);

    /// <summary>Starts over <paramref name="dataDir"/>; the caller deletes it unless <paramref name="ownsDataDir"/> (a restart test reuses it).</summary>
    public static async Task<LiveViewServer> StartInAsync(string dataDir, bool ownsDataDir, string sampleFile, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--StreamGuard:DataDir={dataDir}",
            $"--LiveView:SampleFile={sampleFile}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        WebApplication app = LiveViewApp.Create(args);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new LiveViewServer(app, dataDir, ownsDataDir);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        if (!_ownsDataDir)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left for the temp cleaner.
        }
    }
}
