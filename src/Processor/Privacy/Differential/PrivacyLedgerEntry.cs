namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>
/// One query of one release, as the privacy-budget ledger records it: what was released, when,
/// under which mechanism, with which sensitivity, noise scale, epsilon and delta.
/// </summary>
public sealed record PrivacyLedgerEntry
{
    /// <summary>Names the released window, e.g. "category-day/2024-02-01T00:00:00Z"; a window is released once.</summary>
    public required string ReleaseId { get; init; }

    /// <summary>The released statistic: "count" (transactions per category) or "sum" (clamped amount per category).</summary>
    public required string Query { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    public required string Mechanism { get; init; }

    public required double Epsilon { get; init; }

    public required double Delta { get; init; }

    /// <summary>How much one customer can change the query's result (L1 for Laplace, L2 for Gaussian; the same bound here).</summary>
    public required double Sensitivity { get; init; }

    /// <summary>Laplace b or Gaussian sigma.</summary>
    public required double NoiseScale { get; init; }

    public required int GroupsReleased { get; init; }

    public required int GroupsSuppressed { get; init; }
}
