namespace StreamGuard.Privacy.Differential;

/// <summary>
/// One query of one release, as the privacy-budget ledger records it: what was released, when,
/// under which mechanism, with which sensitivity, noise scale, epsilon and delta.
/// </summary>
public sealed record PrivacyLedgerEntry
{
    /// <summary>Names the released window, e.g. "category-day/2024-02-01T00:00:00Z" or "population/2024-01-31T00:00:00Z/…"; a window is paid for once.</summary>
    public required string ReleaseId { get; init; }

    /// <summary>The released statistic: "count" (transactions per category), "sum" (clamped cents per category) or "continual" (a whole continual release over a horizon).</summary>
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

    /// <summary>The zCDP rho of a Gaussian query (0 for Laplace): Gaussian spending composes in rho.</summary>
    public double Rho { get; init; }

    /// <summary>
    /// The noisy values released, per public category (noisy already, so as public as the release):
    /// a replay of the window republishes them instead of drawing new noise. Never an exact count.
    /// </summary>
    public IReadOnlyDictionary<string, long>? NoisyValues { get; init; }
}
