namespace StreamGuard.Privacy.Differential;

/// <summary>
/// How aggregates released beyond a customer's own view (the report feed, the dashboard's
/// population view) are made differentially private. The unit protected is a customer (a person
/// across all their cards and accounts); the guarantee holds per budget horizon of event time:
/// everything released about a horizon together costs at most <see cref="TotalEpsilon"/>.
/// </summary>
public sealed class DifferentialPrivacyOptions
{
    /// <summary>Publish DP releases. Off: the report feed and the population view stay empty (nothing exact is published instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Privacy budget spent by one window's release, split evenly between its count and its sum (30 daily windows and the continual release fit the default total).</summary>
    public double Epsilon { get; set; } = 0.25;

    /// <summary>Delta of one release: 0 for Laplace; above 0 (e.g. 1e-6) for Gaussian.</summary>
    public double Delta { get; set; }

    public NoiseMechanism Mechanism { get; set; } = NoiseMechanism.Laplace;

    /// <summary>Each transaction's amount is clamped to [0, AmountClamp] before it is summed.</summary>
    public decimal AmountClamp { get; set; } = 200m;

    /// <summary>
    /// The per-customer contribution bound of one window release: a customer's first this many
    /// transactions in the window count, later ones are left out of that release.
    /// </summary>
    public int MaxTransactionsPerCustomer { get; set; } = 4;

    /// <summary>
    /// k: a noisy count below this is published as 0. Decided on the noisy value (post-processing),
    /// so it costs no budget and every category's row is always released.
    /// </summary>
    public int MinGroupSize { get; set; } = 10;

    /// <summary>Event-time length of one released window (windows are aligned to midnight UTC).</summary>
    public TimeSpan ReleaseWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long past a window's end (in event time, on every shard) to wait for late transactions before releasing it. Transactions later than that stay exact in SQLite but are left out of the releases (counted in the run summary).</summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The total budget per horizon: window releases and the continual release of a horizon together never spend more; releases stop when it is spent.</summary>
    public double TotalEpsilon { get; set; } = 10.0;

    /// <summary>Event-time length of a budget horizon (aligned to the Unix epoch); a multiple of ReleaseWindow and ContinualStep.</summary>
    public TimeSpan BudgetHorizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Budget of one continual release (the dashboard's running population view) over a horizon; 0 turns it off.</summary>
    public double ContinualEpsilon { get; set; } = 2.0;

    /// <summary>Event-time step of the continual release (a leaf of its tree): its running totals advance once per step. A day: hours or minutes only add noise (more leaves, more levels) for a chart drawn per day.</summary>
    public TimeSpan ContinualStep { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The per-customer bound of the continual release: a customer's first this many transactions in the horizon count (about 2.7 a day over 30 days).</summary>
    public int ContinualMaxTransactionsPerCustomer { get; set; } = 80;

    /// <summary>The continual release counts a customer's spending in one category on one day (UTC) up to this many dollars.</summary>
    public decimal ContinualDailyCategoryClamp { get; set; } = 1000m;

    /// <summary>The continual release counts a customer's spending over the horizon up to this many dollars in all (the L1 bound of the amounts: the noise grows with it).</summary>
    public decimal ContinualMaxAmountPerCustomer { get; set; } = 6000m;

    /// <summary>The continual release counts a customer among the customers of at most this many categories (the first they buy in).</summary>
    public int ContinualMaxCategoriesPerCustomer { get; set; } = 6;
}
