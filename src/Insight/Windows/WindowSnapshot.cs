namespace StreamGuard.Insight.Windows;

/// <summary>
/// The window state at a batch boundary: open windows, the contributions kept for corrections,
/// the watermark and, per shard, the last sequence number the state includes.
/// </summary>
public sealed record WindowSnapshot
{
    /// <summary>The window layout the contribution bits refer to; a restore with another layout is refused.</summary>
    public required string Layout { get; init; }

    public long WatermarkTicks { get; init; }

    /// <summary>Per shard, the newest event time seen (the watermark follows the slowest).</summary>
    public required IReadOnlyDictionary<string, long> ShardMaxTicks { get; init; }
    public required IReadOnlyDictionary<string, string> ShardPositions { get; init; }
    public required IReadOnlyList<WindowCellState> Cells { get; init; }
    public required IReadOnlyList<ContributionState> Contributions { get; init; }
}
