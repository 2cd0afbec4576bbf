namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>
/// How aggregates released beyond a customer's own view (the report feed, the dashboard's
/// population chart) are made differentially private. One release is one closed event-time
/// window: per category, a noisy count and a noisy clamped sum.
/// </summary>
public sealed class DifferentialPrivacyOptions
{
    /// <summary>Publish DP releases. Off: the report feed and the population chart stay empty (nothing exact is published instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Privacy budget spent by one window's release, split evenly between its count and its sum.</summary>
    public double Epsilon { get; set; } = 1.0;

    /// <summary>Delta of one release: 0 for Laplace; above 0 (e.g. 1e-6) for Gaussian.</summary>
    public double Delta { get; set; }

    public NoiseMechanism Mechanism { get; set; } = NoiseMechanism.Laplace;

    /// <summary>Each transaction's amount is clamped to [0, AmountClamp] before it is summed.</summary>
    public decimal AmountClamp { get; set; } = 200m;

    /// <summary>
    /// The per-customer contribution bound: in one window a customer counts for at most this many
    /// transactions over all categories (a busier customer's contributions are scaled down).
    /// </summary>
    public int MaxTransactionsPerCustomer { get; set; } = 4;

    /// <summary>k: a category with fewer distinct customers than this in a window is suppressed.</summary>
    public int MinGroupSize { get; set; } = 10;

    /// <summary>Event-time length of one released window (windows are aligned to midnight UTC).</summary>
    public TimeSpan ReleaseWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long past a window's end (in event time, on every shard) to wait for late transactions before releasing it. Transactions later than that stay exact in SQLite but are left out of the releases (counted in the run summary).</summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromHours(6);
}
