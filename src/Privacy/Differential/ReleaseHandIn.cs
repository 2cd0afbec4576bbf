namespace StreamGuard.Privacy.Differential;

/// <summary>
/// What one shard hands in to the releases after one batch (<see cref="ShardReleaseState"/>): the windows
/// it has passed with their exact partials, and, for a fleet's continual release, the steps it has passed
/// with theirs. Computed on the shard's own chain (<see cref="ReleasePartialsStage"/>) in aws mode, so the
/// open windows and steps are part of the shard's saved state and move with its lease.
/// </summary>
public sealed record ReleaseHandIn(string ShardId)
{
    /// <summary>The shard passed more windows with this batch: hand <see cref="Windows"/> in with <see cref="PassedThroughTicks"/>.</summary>
    public bool WindowsAdvanced { get; init; }

    /// <summary>Every window ending at or before this has been passed by the shard.</summary>
    public long PassedThroughTicks { get; init; } = long.MinValue;

    /// <summary>The partials of the windows passed with this batch.</summary>
    public IReadOnlyList<WindowPartial> Windows { get; init; } = [];

    /// <summary>Transactions of windows the shard had already passed: in the exact store, in no release.</summary>
    public long LateExcluded { get; init; }

    /// <summary>The horizon the shard's continual counting is in (long.MinValue: none yet, or continual off).</summary>
    public long ContinualHorizonTicks { get; init; } = long.MinValue;

    /// <summary>The shard passed more continual steps with this batch: hand <see cref="Steps"/> in with <see cref="ContinualThroughTicks"/>.</summary>
    public bool ContinualAdvanced { get; init; }

    /// <summary>Every continual step ending at or before this has been passed by the shard.</summary>
    public long ContinualThroughTicks { get; init; } = long.MinValue;

    /// <summary>The partials of the steps passed with this batch (steps with nothing in them are left out: they count as zero).</summary>
    public IReadOnlyList<StepPartial> Steps { get; init; } = [];

    /// <summary>Transactions of a horizon the shard had already left: in no continual release.</summary>
    public long ContinualLate { get; init; }
}
