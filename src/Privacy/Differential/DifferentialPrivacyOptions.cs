using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// How aggregates released beyond a customer's own view (the report feed, the dashboard's
/// population view) are made differentially private. The unit protected is a customer (a person
/// across all their cards and accounts); the guarantee holds per budget horizon of event time:
/// everything released about a horizon together costs at most <see cref="TotalEpsilon"/>.
/// </summary>
/// <remarks>
/// Single settings are checked by their annotations; the rules between settings (the mechanism and its delta, the
/// budget and its windows) by <see cref="IValidatableObject.Validate"/>, both run by <see cref="DifferentialPrivacyOptionsValidator"/>.
/// </remarks>
public sealed partial class DifferentialPrivacyOptions : IValidatableObject
{
    /// <summary>The configuration path every message names.</summary>
    public const string Section = "StreamGuard:Privacy:Differential";

    /// <summary>Publish DP releases. Off: the report feed and the population view stay empty (nothing exact is published instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Privacy budget spent by one window's release, split evenly between its count and its sum (30 daily windows and the continual release fit the default total).</summary>
    [SettingRange(0d, 10d, MinimumIsExclusive = true, ErrorMessage = "StreamGuard:Privacy:Differential:Epsilon must be above 0 and at most 10 per release (got {3}).")]
    public double Epsilon { get; set; } = 0.25;

    /// <summary>Delta of one release: 0 for Laplace; above 0 (e.g. 1e-6) for Gaussian.</summary>
    public double Delta { get; set; }

    [EnumDataType(typeof(NoiseMechanism), ErrorMessage = "StreamGuard:Privacy:Differential:Mechanism must be Laplace or Gaussian.")]
    public NoiseMechanism Mechanism { get; set; } = NoiseMechanism.Laplace;

    /// <summary>Each transaction's amount is clamped to [0, AmountClamp] before it is summed.</summary>
    [SettingRange(0d, 1_000_000d, MinimumIsExclusive = true, ErrorMessage = "StreamGuard:Privacy:Differential:AmountClamp must be above 0 and at most 1000000 (got {3}).")]
    public decimal AmountClamp { get; set; } = 200m;

    /// <summary>
    /// The per-customer contribution bound of one window release: a customer's first this many
    /// transactions in the window count, later ones are left out of that release.
    /// </summary>
    [SettingRange(1, 10_000, ErrorMessage = "StreamGuard:Privacy:Differential:MaxTransactionsPerCustomer must be 1 to 10000 (got {3}).")]
    public int MaxTransactionsPerCustomer { get; set; } = 4;

    /// <summary>
    /// k: a noisy count below this is published as 0. Decided on the noisy value (post-processing),
    /// so it costs no budget and every category's row is always released.
    /// </summary>
    [SettingRange(1, 100_000, ErrorMessage = "StreamGuard:Privacy:Differential:MinGroupSize must be 1 to 100000 (got {3}).")]
    public int MinGroupSize { get; set; } = 10;

    /// <summary>Event-time length of one released window (windows are aligned to midnight UTC).</summary>
    public TimeSpan ReleaseWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long past a window's end (in event time, on every shard) to wait for late transactions before releasing it. Transactions later than that stay exact in SQLite but are left out of the releases (counted in the run summary).</summary>
    [TimeSpanRange("00:00:00", "31.00:00:00", ErrorMessage = "StreamGuard:Privacy:Differential:AllowedLateness must be 0 to 31 days (got {0}).")]
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The total budget per horizon: window releases and the continual release of a horizon together never spend more; releases stop when it is spent.</summary>
    [SettingRange(0d, 100d, MinimumIsExclusive = true, ErrorMessage = "StreamGuard:Privacy:Differential:TotalEpsilon must be above 0 and at most 100 per horizon (got {3}).")]
    public double TotalEpsilon { get; set; } = 10.0;

    /// <summary>Event-time length of a budget horizon (aligned to the Unix epoch); a multiple of ReleaseWindow and ContinualStep.</summary>
    public TimeSpan BudgetHorizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Budget of one continual release (the dashboard's running population view) over a horizon; 0 turns it off.</summary>
    public double ContinualEpsilon { get; set; } = 2.0;

    /// <summary>Event-time step of the continual release (a leaf of its tree): its running totals advance once per step. A day: hours or minutes only add noise (more leaves, more levels) for a chart drawn per day.</summary>
    public TimeSpan ContinualStep { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The per-customer bound of the continual release: a customer's first this many transactions in the horizon count (about 2.7 a day over 30 days).</summary>
    [SettingRange(1, 100_000, ErrorMessage = "StreamGuard:Privacy:Differential:ContinualMaxTransactionsPerCustomer must be 1 to 100000 (got {3}).")]
    public int ContinualMaxTransactionsPerCustomer { get; set; } = 80;

    /// <summary>The continual release counts a customer's spending in one category on one day (UTC) up to this many dollars.</summary>
    [SettingRange(0d, 1_000_000d, MinimumIsExclusive = true, ErrorMessage = "StreamGuard:Privacy:Differential:ContinualDailyCategoryClamp must be above 0 and at most 1000000 dollars (got {3}).")]
    public decimal ContinualDailyCategoryClamp { get; set; } = 1000m;

    /// <summary>The continual release counts a customer's spending over the horizon up to this many dollars in all (the L1 bound of the amounts: the noise grows with it).</summary>
    [SettingRange(0d, 100_000_000d, MinimumIsExclusive = true, ErrorMessage = "StreamGuard:Privacy:Differential:ContinualMaxAmountPerCustomer must be above 0 and at most 100000000 dollars (got {3}).")]
    public decimal ContinualMaxAmountPerCustomer { get; set; } = 6000m;

    /// <summary>The continual release counts a customer among the customers of at most this many categories (the first they buy in).</summary>
    public int ContinualMaxCategoriesPerCustomer { get; set; } = 6;
}
