using System.Runtime;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// The GC's latency mode for a paced run (<see cref="Pipeline.PipelineOptions.LowLatencyGcWhenPaced"/>):
/// sustained low latency while it runs, the process's earlier mode after.
/// </summary>
internal sealed class PacedGcMode : IDisposable
{
    private readonly GCLatencyMode? _before;

    private PacedGcMode(GCLatencyMode? before)
    {
        _before = before;
    }

    public static PacedGcMode Enter(bool lowLatency)
    {
        if (!lowLatency)
        {
            return new PacedGcMode(null);
        }

        GCLatencyMode before = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        return new PacedGcMode(before);
    }

    public void Dispose()
    {
        if (_before is { } before)
        {
            GCSettings.LatencyMode = before;
        }
    }
}
