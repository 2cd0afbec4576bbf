using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Pipeline.State;

/// <summary>How often the stages' state is saved with the stream positions ("StreamGuard:State").</summary>
public sealed record StateCheckpointOptions
{
    /// <summary>Save at most this long after the previous save while records flow. Zero turns state checkpoints off.</summary>
    [TimeSpanRange("00:00:00", ErrorMessage = "StreamGuard:State:Interval must not be negative (got {0}).")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Also save after this many records, whatever the time (bounds the replay after a crash).</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "StreamGuard:State:MaxRecords must be at least 1.")]
    public int MaxRecords { get; set; } = 150_000;

    /// <summary>Restore the saved state at start (off: start from nothing, the saved state is overwritten).</summary>
    public bool RestoreOnStart { get; set; } = true;
}
