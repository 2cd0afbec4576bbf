using StreamGuard.Core.Model;
using StreamGuard.Processor.Pipeline;

namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>
/// The population view that leaves the customer's own view (report feed, dashboard chart):
/// per closed event-time window, each category's noisy transaction count and noisy clamped sum,
/// small groups suppressed, every release paid for in the ledger before it is published.
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
    }

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

    /// <summary>Sum of every released (noisy) category total so far: what the dashboard's chart shows.</summary>
    public IReadOnlyList<(string Category, long Count, decimal Amount)> ReleasedTotals()
    {
        lock (_totalsLock)
        {
            return _totals.OrderByDescending(t => t.Value.Amount).Select(t => (t.Key, t.Value.Count, t.Value.Amount)).ToArray();
        }
    }

    /// <summary>Takes in a processed batch and returns the releases of any windows it closed.</summary>
    public async Task<IReadOnlyList<CategoryRelease>> ObserveAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return [];
        }

        await _ledger.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        long windowTicks = _options.ReleaseWindow.Ticks;
        long maxTicks = long.MinValue;
        foreach (PipelineItem item in batch.Items)
        {
            if (!item.IsLive || item.Output!.Change != ChangeKind.Added)
            {
                continue;
            }

            EnrichedTransaction t = item.Output;
            long ticks = t.EventTime.UtcTicks;
            maxTicks = Math.Max(maxTicks, ticks);
            long start = ticks - (ticks % windowTicks);
            if (start + windowTicks <= _lastReleasedEnd || _ledger.HasReleased(ReleaseId(start)))
            {
                LateExcluded++;
                continue;
            }

            if (!_open.TryGetValue(start, out WindowContributions? window))
            {
                window = new WindowContributions();
                _open[start] = window;
            }

            window.Add(t.CustomerId, t.Category, Math.Clamp(t.Amount, 0m, _options.AmountClamp));
        }

        if (maxTicks != long.MinValue)
        {
            _shardEventTicks[batch.ShardId] = Math.Max(_shardEventTicks.GetValueOrDefault(batch.ShardId, long.MinValue), maxTicks);
        }

        // Until every shard has been heard from, a quiet shard may still hold old transactions.
        if (HoldUntilComplete || _shardEventTicks.Count < _shardCount)
        {
            return [];
        }

        long watermark = _shardEventTicks.Values.Min() - _options.AllowedLateness.Ticks;
        return await ReleaseWhereAsync(start => start + windowTicks <= watermark, cancellationToken).ConfigureAwait(false);
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

    private async Task<List<CategoryRelease>> ReleaseAsync(long startTicks, WindowContributions window, CancellationToken cancellationToken)
    {
        DifferentialPrivacyOptions o = _options;
        string releaseId = ReleaseId(startTicks);
        var start = new DateTimeOffset(startTicks, TimeSpan.Zero);
        DateTimeOffset end = start + o.ReleaseWindow;

        // Half the budget to the counts, half to the sums (sequential composition within the release).
        double epsilon = o.Epsilon / 2;
        double delta = o.Mechanism == NoiseMechanism.Gaussian ? o.Delta / 2 : 0;
        double countSensitivity = o.MaxTransactionsPerCustomer;
        double sumSensitivity = o.MaxTransactionsPerCustomer * (double)o.AmountClamp;
        double countScale = NoiseCalibration.Scale(o.Mechanism, countSensitivity, epsilon, delta);
        double sumScale = NoiseCalibration.Scale(o.Mechanism, sumSensitivity, epsilon, delta);

        var releases = new List<CategoryRelease>();
        int suppressed = 0;
        foreach (KeyValuePair<string, (double Count, double Sum, int Customers)> group in window.Bounded(o.MaxTransactionsPerCustomer))
        {
            if (group.Value.Customers < o.MinGroupSize)
            {
                suppressed++;
                continue;
            }

            // Rounding and flooring at zero are post-processing: they cost no budget.
            double count = group.Value.Count + NoiseCalibration.Draw(_noise, o.Mechanism, countScale);
            double sum = group.Value.Sum + NoiseCalibration.Draw(_noise, o.Mechanism, sumScale);
            releases.Add(new CategoryRelease
            {
                ReleaseId = releaseId,
                WindowStart = start,
                WindowEnd = end,
                Category = group.Key,
                NoisyCount = (long)Math.Round(Math.Max(0, count)),
                NoisyAmount = Math.Round((decimal)Math.Max(0, sum), 2),
                Mechanism = o.Mechanism.ToString(),
                Epsilon = o.Epsilon,
                Delta = delta * 2,
                CountNoiseStdDev = Math.Round(NoiseCalibration.StandardDeviation(o.Mechanism, countScale), 3),
                AmountNoiseStdDev = Math.Round(NoiseCalibration.StandardDeviation(o.Mechanism, sumScale), 3),
                AmountClamp = o.AmountClamp,
                MinGroupSize = o.MinGroupSize,
            });
        }

        DateTimeOffset now = _time.GetUtcNow();
        PrivacyLedgerEntry Entry(string query, double sensitivity, double scale) => new()
        {
            ReleaseId = releaseId,
            Query = query,
            RecordedAt = now,
            WindowStart = start,
            WindowEnd = end,
            Mechanism = o.Mechanism.ToString(),
            Epsilon = epsilon,
            Delta = delta,
            Sensitivity = sensitivity,
            NoiseScale = scale,
            GroupsReleased = releases.Count,
            GroupsSuppressed = suppressed,
        };

        // The budget is recorded (and flushed) before anything is published.
        await _ledger.RecordAsync([Entry(CountQuery, countSensitivity, countScale), Entry(SumQuery, sumSensitivity, sumScale)], cancellationToken).ConfigureAwait(false);
        ReleasedThisRun++;
        lock (_totalsLock)
        {
            foreach (CategoryRelease r in releases)
            {
                _totals.TryGetValue(r.Category, out (long Count, decimal Amount) total);
                _totals[r.Category] = (total.Count + r.NoisyCount, total.Amount + r.NoisyAmount);
            }
        }

        return releases;
    }

    private string ReleaseId(long startTicks) =>
        "category-" + (_options.ReleaseWindow == TimeSpan.FromDays(1) ? "day" : _options.ReleaseWindow.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
        + "/" + new DateTimeOffset(startTicks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
        + (_scope is null ? "" : "/" + _scope);
}
