using System.Diagnostics.Metrics;

namespace StreamGuard.Pipeline.State;

/// <summary>State checkpoint metrics (meter <c>StreamGuard.State</c>): how many saves, and how large.</summary>
public sealed class StateMetrics : IDisposable
{
    public const string MeterName = "StreamGuard.State";

    private readonly Meter _meter;
    private readonly Counter<long> _saves;
    private readonly Histogram<long> _bytes;

    /// <param name="meterFactory">The host's meter factory; a meter of this instance's own when null.</param>
    public StateMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _saves = _meter.CreateCounter<long>("streamguard.state.saves", "{save}", "State checkpoints saved with the stream positions");
        _bytes = _meter.CreateHistogram<long>("streamguard.state.bytes", "By", "Size of each saved state (before compression)");
    }

    /// <summary>Used by checkpointers built without DI.</summary>
    public static StateMetrics Shared { get; } = new();

    public void Saved(long bytes)
    {
        _saves.Add(1);
        _bytes.Record(bytes);
    }

    public void Dispose() => _meter.Dispose();
}
