using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The population view that leaves the customer's own view (report feed, dashboard):
/// per closed event-time window, every category of the fixed public list with its noisy
/// transaction count and noisy clamped sum (zeros included, nothing suppressed on exact values),
/// every release paid for in the ledger before it is published and refused once the horizon's
/// total budget would be exceeded. A window already in the ledger (a replay) is republished with
/// its recorded noisy values, never noised again. Alongside, the continual release
/// (<see cref="ContinualPopulation"/>) keeps the dashboard's running <see cref="PopulationRelease"/>.
/// A window closes when every shard's event time has passed its end plus the allowed lateness;
/// later transactions for it are left out of the releases (they stay in the exact store).
/// Not thread-safe for observing: one sink feeds it; reads of the totals are.
/// </summary>
public sealed class PrivateCategoryReport
{
    public const string CountQuery = "count";
    public const string SumQuery = "sum";
    private readonly DifferentialPrivacyOptions _options;
    private readonly PrivacyBudgetLedger _ledger;
    private readonly INoiseSource _noise;
    private readonly TimeProvider _time;
    private readonly int _shardCount;
    private readonly Dictionary<long, WindowContributions> _open = [];
    private readonly HashSet<long> _republished = [];
    private readonly ContinualPopulation? _continual;
    private readonly Dictionary<string, long> _shardEventTicks = new(StringComparer.Ordinal);
    private readonly Lock _totalsLock = new();
    private readonly Dictionary<string, (long Count, decimal Amount)> _totals = new(StringComparer.Ordinal);
    private readonly string? _scope;
    private long _lastReleasedEnd = long.MinValue;

    /// <param name="scope">
    /// Set when several processes release the same windows over disjoint shards (aws workers): it
    /// goes into every release id, so each process's release of a window is paid for on its own.
    /// </param>
    public PrivateCategoryReport(DifferentialPrivacyOptions options, PrivacyBudgetLedger ledger, INoiseSource noise, TimeProvider time, int shardCount, string? scope = null)
    {
        _scope = scope;
        _options = options;
        _ledger = ledger;
        _noise = noise;
        _time = time;
        _shardCount = shardCount;
        _continual = options.Enabled && options.ContinualEpsilon > 0 ? new ContinualPopulation(options, ledger, noise, time) : null;
    }

    /// <summary>
    /// Run the continual release (the dashboard's population view). Off for a batch `run` with no
    /// viewer, so it spends nothing there.
    /// </summary>
    public bool Continual { get; set; } = true;

    /// <summary>The latest continual release, or null before the first one (or with it off).</summary>
    public PopulationRelease? Population => Continual ? _continual?.Latest : null;

    /// <summary>Windows not released because the horizon's total budget could not pay for them.</summary>
    public int RefusedForBudget { get; private set; }

    /// <summary>Windows already in the ledger that this run republished from their recorded noisy values.</summary>
    public int Republished { get; private set; }

    /// <summary>Whether a release was refused for lack of budget (releases have stopped).</summary>
    public bool BudgetExhausted => RefusedForBudget > 0 || (Population?.BudgetExhausted ?? false);

    /// <summary>The largest epsilon spent on any one horizon (the per-horizon guarantee in force).</summary>
    public double EpsilonSpentPerHorizon =>
        _ledger.HorizonsWithSpending(_options.BudgetHorizon).Select(h => _ledger.SpentIn(h, _options.BudgetHorizon, _options.Delta)).DefaultIfEmpty(0).Max();

    public DifferentialPrivacyOptions Options => _options;

    public PrivacyBudgetLedger Ledger => _ledger;

    /// <summary>
    /// Hold every release until <see cref="ReleaseAllAsync"/>: right for a finite input (`run`), where the
    /// replayer's parallel lanes reorder a fast-replayed file by days of event time and the whole
    /// input is known to end; a live stream leaves it off and releases windows as they close.
    /// </summary>
    public bool HoldUntilComplete { get; set; }

    /// <summary>Transactions that arrived after their window was released: in the exact store, not in any release.</summary>
    public long LateExcluded { get; private set; }

    /// <summary>Released windows this process published (the ledger also counts earlier runs).</summary>
    public int ReleasedThisRun { get; private set; }

    /// <summary>Sum of every released (noisy) category total this run: post-processing of the releases.</summary>
    public IReadOnlyList<(string Category, long Count, decimal Amount)> ReleasedTotals()
    {
        lock (_totalsLock)
        {
            return _totals.OrderByDescending(t => t.Value.Amount).Select(t => (t.Key, t.Value.Count, t.Value.Amount)).ToArray();
        }
    }

    /// <summary>Takes in a processed batch and returns the releases of any windows it closed (or republished).</summary>
    public async Task<IReadOnlyList<CategoryRelease>> ObserveAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return [];
        }

        await _ledger.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var releases = new List<CategoryRelease>();
        long windowTicks = _options.ReleaseWindow.Ticks;
        long maxTicks = long.MinValue;
        var live = new List<EnrichedTransaction>(batch.Items.Count);
        foreach (PipelineItem item in batch.Items)
        {
            if (!item.IsLive || item.Output!.Change != ChangeKind.Added)
            {
                continue;
            }

            EnrichedTransaction t = item.Output;
            live.Add(t);
            long ticks = t.EventTime.UtcTicks;
            maxTicks = Math.Max(maxTicks, ticks);
            long start = ticks - (ticks % windowTicks);
            if (start + windowTicks <= _lastReleasedEnd)
            {
                LateExcluded++;
                continue;
            }

            // Released by an earlier process (a restart, a replay of the same data): republish the
            // recorded noisy values once, never draw new noise for the same window.
            if (_ledger.HasReleased(ReleaseId(start)))
            {
                if (_republished.Add(start))
                {
                    releases.AddRange(Republish(start));
                }

                continue;
            }

            if (!_open.TryGetValue(start, out WindowContributions? window))
            {
                window = new WindowContributions(_options.MaxTransactionsPerCustomer, _options.AmountClamp);
                _open[start] = window;
            }

            window.Add(t.CustomerId, t.Category, t.Amount);
        }

        if (Continual && _continual is not null)
        {
            await _continual.ObserveAsync(live, cancellationToken).ConfigureAwait(false);
        }

        if (maxTicks != long.MinValue)
        {
            _shardEventTicks[batch.ShardId] = Math.Max(_shardEventTicks.GetValueOrDefault(batch.ShardId, long.MinValue), maxTicks);
        }

        // Until every shard has been heard from, a quiet shard may still hold old transactions.
        if (HoldUntilComplete || _shardEventTicks.Count < _shardCount)
        {
            return releases;
        }

        long watermark = _shardEventTicks.Values.Min() - _options.AllowedLateness.Ticks;
        releases.AddRange(await ReleaseWhereAsync(start => start + windowTicks <= watermark, cancellationToken).ConfigureAwait(false));
        return releases;
    }

    /// <summary>The input is complete: releases every window still open.</summary>
    public async Task<IReadOnlyList<CategoryRelease>> ReleaseAllAsync(CancellationToken cancellationToken) =>
        _options.Enabled ? await ReleaseWhereAsync(_ => true, cancellationToken).ConfigureAwait(false) : [];

    private async Task<List<CategoryRelease>> ReleaseWhereAsync(Func<long, bool> closed, CancellationToken cancellationToken)
    {
        var releases = new List<CategoryRelease>();
        foreach (long start in _open.Keys.Where(closed).Order().ToArray())
        {
            releases.AddRange(await ReleaseAsync(start, _open[start], cancellationToken).ConfigureAwait(false));
            _open.Remove(start);
            _lastReleasedEnd = Math.Max(_lastReleasedEnd, start + _options.ReleaseWindow.Ticks);
        }

        return releases;
    }

    private (double CountScale, double SumScale, double Epsilon, double Delta, double Rho) Calibration()
    {
        DifferentialPrivacyOptions o = _options;

        // Half the budget to the counts, half to the sums (sequential composition within the release).
        double epsilon = o.Epsilon / 2;
        double delta = o.Mechanism == NoiseMechanism.Gaussian ? o.Delta / 2 : 0;
        double rho = o.Mechanism == NoiseMechanism.Gaussian ? NoiseCalibration.Rho(o.Epsilon, o.Delta) / 2 : 0;
        double countScale = o.Mechanism == NoiseMechanism.Gaussian
            ? o.MaxTransactionsPerCustomer / Math.Sqrt(2 * rho)
            : NoiseCalibration.Scale(o.Mechanism, o.MaxTransactionsPerCustomer, epsilon, delta);
        double sumScale = countScale * WindowContributions.Cents(o.AmountClamp);
        return (countScale, sumScale, epsilon, delta, rho);
    }

    private async Task<List<CategoryRelease>> ReleaseAsync(long startTicks, WindowContributions window, CancellationToken cancellationToken)
    {
        DifferentialPrivacyOptions o = _options;
        string releaseId = ReleaseId(startTicks);
        var start = new DateTimeOffset(startTicks, TimeSpan.Zero);
        DateTimeOffset end = start + o.ReleaseWindow;

        // Whether the budget allows the release depends on the ledger only, never on the data.
        DateTimeOffset horizon = PrivacyBudgetLedger.HorizonStart(start, o.BudgetHorizon);
        if (_ledger.SpentIn(horizon, o.BudgetHorizon, o.Delta) + o.Epsilon > o.TotalEpsilon + 1e-9)
        {
            RefusedForBudget++;
            return [];
        }

        (double countScale, double sumScale, double epsilon, double delta, double rho) = Calibration();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < ReleaseCategories.All.Count; i++)
        {
            counts[ReleaseCategories.All[i]] = window.Count(i) + NoiseCalibration.Draw(_noise, o.Mechanism, countScale);
            sums[ReleaseCategories.All[i]] = window.SumCents(i) + NoiseCalibration.Draw(_noise, o.Mechanism, sumScale);
        }

        DateTimeOffset now = _time.GetUtcNow();
        PrivacyLedgerEntry Entry(string query, double sensitivity, double scale, Dictionary<string, long> values) => new()
        {
            ReleaseId = releaseId,
            Query = query,
            RecordedAt = now,
            WindowStart = start,
            WindowEnd = end,
            Mechanism = o.Mechanism.ToString(),
            Epsilon = epsilon,
            Delta = delta,
            Rho = rho,
            Sensitivity = sensitivity,
            NoiseScale = scale,
            NoisyValues = values,
        };

        // The budget is recorded (and flushed) before anything is published.
        await _ledger.RecordAsync(
            [
                Entry(CountQuery, o.MaxTransactionsPerCustomer, countScale, counts),
                Entry(SumQuery, o.MaxTransactionsPerCustomer * (double)WindowContributions.Cents(o.AmountClamp), sumScale, sums),
            ],
            cancellationToken).ConfigureAwait(false);
        ReleasedThisRun++;
        return Rows(startTicks, counts, sums, countScale, sumScale);
    }

    private List<CategoryRelease> Republish(long startTicks)
    {
        string releaseId = ReleaseId(startTicks);
        PrivacyLedgerEntry? count = _ledger.Find(releaseId, CountQuery);
        PrivacyLedgerEntry? sum = _ledger.Find(releaseId, SumQuery);
        if (count?.NoisyValues is null || sum?.NoisyValues is null)
        {
            // Released by a version that kept no values: paid for already, so nothing new is drawn.
            return [];
        }

        Republished++;
        return Rows(startTicks, count.NoisyValues, sum.NoisyValues, count.NoiseScale, sum.NoiseScale);
    }

    /// <summary>The published rows: every public category, floored at 0, noisy counts under k shown as 0 (all post-processing).</summary>
    private List<CategoryRelease> Rows(long startTicks, IReadOnlyDictionary<string, long> counts, IReadOnlyDictionary<string, long> sums, double countScale, double sumScale)
    {
        DifferentialPrivacyOptions o = _options;
        var start = new DateTimeOffset(startTicks, TimeSpan.Zero);
        var rows = new List<CategoryRelease>(ReleaseCategories.All.Count);
        foreach (string category in ReleaseCategories.All)
        {
            long noisyCount = counts.GetValueOrDefault(category);
            bool shown = noisyCount >= o.MinGroupSize;
            rows.Add(new CategoryRelease
            {
                ReleaseId = ReleaseId(startTicks),
                WindowStart = start,
                WindowEnd = start + o.ReleaseWindow,
                Category = category,
                NoisyCount = shown ? noisyCount : 0,
                NoisyAmount = shown ? Math.Max(0, sums.GetValueOrDefault(category)) / 100m : 0,
                Mechanism = o.Mechanism.ToString(),
                Epsilon = o.Epsilon,
                Delta = o.Mechanism == NoiseMechanism.Gaussian ? o.Delta : 0,
                CountNoiseStdDev = Math.Round(NoiseCalibration.StandardDeviation(o.Mechanism, countScale), 3),
                AmountNoiseStdDev = Math.Round(NoiseCalibration.StandardDeviation(o.Mechanism, sumScale) / 100, 3),
                AmountClamp = o.AmountClamp,
                MinGroupSize = o.MinGroupSize,
            });
        }

        lock (_totalsLock)
        {
            foreach (CategoryRelease r in rows)
            {
                _totals.TryGetValue(r.Category, out (long Count, decimal Amount) total);
                _totals[r.Category] = (total.Count + r.NoisyCount, total.Amount + r.NoisyAmount);
            }
        }

        return rows;
    }

    private string ReleaseId(long startTicks) =>
        "category-" + (_options.ReleaseWindow == TimeSpan.FromDays(1) ? "day" : _options.ReleaseWindow.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
        + "/" + new DateTimeOffset(startTicks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
        + (_scope is null ? "" : "/" + _scope);
}
