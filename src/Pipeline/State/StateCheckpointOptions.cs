using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Pipeline.State;

/// <summary>How often the stages' state is saved with the stream positions ("StreamGuard:State").</summary>
public sealed record StateCheckpointOptions
{
    /// <summary>
    /// Save this long after the previous save while records flow (later when <see cref="MaxSaveShare"/> asks
    /// for it). Zero turns state checkpoints off. A save pauses each stateful stage while it captures what
    /// changed, and records that arrive meanwhile wait: short intervals keep each capture, so each pause,
    /// small (300,000 events at 5,000 a second: every 30 s, two pauses of about a second and a p99 of 224 to
    /// 708 ms; every 5 s, a p99 of 112 to 158 ms; docs/performance.md).
    /// </summary>
    [TimeSpanRange("00:00:00", ErrorMessage = "StreamGuard:State:Interval must not be negative (got {0}).")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Also save after this many records, whatever the time (bounds the replay after a crash).</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "StreamGuard:State:MaxRecords must be at least 1.")]
    public int MaxRecords { get; set; } = 150_000;

    /// <summary>
    /// The interval instead of <see cref="Interval"/> (when longer) while the pipeline is behind its stream:
    /// its delivered batches waited more than <see cref="StateCheckpointer.BehindAfter"/> on average.
    /// Latency is then queueing, and fewer, larger saves cost less per record (1M events at full speed:
    /// a save every 5 s cost a fifth to a quarter of the throughput).
    /// </summary>
    [TimeSpanRange("00:00:00", ErrorMessage = "StreamGuard:State:BacklogInterval must not be negative (got {0}).")]
    public TimeSpan BacklogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A save that is due by time waits until the last save (the store's write and the stages' captures)
    /// took at most this share of the time since the one before: large saves, such as aws mode's whole
    /// ones, come further apart than <see cref="Interval"/>. Saves due by record count are not held back.
    /// </summary>
    [SettingRange(0d, 1d, MinimumIsExclusive = true, ErrorMessage = "StreamGuard:State:MaxSaveShare must be in (0, 1].")]
    public double MaxSaveShare { get; set; } = 0.1;

    /// <summary>Restore the saved state at start (off: start from nothing, the saved state is overwritten).</summary>
    public bool RestoreOnStart { get; set; } = true;
}
