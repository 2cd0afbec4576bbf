namespace StreamGuard.Privacy.Differential;

/// <summary>
/// One line of the report feed: a category's differentially private totals for one closed
/// window. Every category of the fixed public list has a row in every release, zeros included;
/// counts and amounts carry noise; a noisy count under k is shown as 0 (decided on the noisy value).
/// </summary>
public sealed record CategoryRelease
{
    public required string ReleaseId { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    public required string Category { get; init; }

    /// <summary>Noisy number of transactions (bounded per customer); 0 when the noisy value is under k.</summary>
    public required long NoisyCount { get; init; }

    /// <summary>Noisy sum of clamped amounts in whole cents, never below 0; 0 when the noisy count is under k.</summary>
    public required decimal NoisyAmount { get; init; }

    public required string Mechanism { get; init; }

    /// <summary>Epsilon of the whole window release (count and sum together).</summary>
    public required double Epsilon { get; init; }

    public required double Delta { get; init; }

    /// <summary>Standard deviation of the count noise, so a reader can judge the uncertainty.</summary>
    public required double CountNoiseStdDev { get; init; }

    public required double AmountNoiseStdDev { get; init; }

    public required decimal AmountClamp { get; init; }

    public required int MinGroupSize { get; init; }
}
