namespace StreamGuard.Privacy.Differential;

// One window's release: calibration, the single noise draw, the published rows.
public sealed partial class PrivateCategoryReport
{
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

    private Task<ReleaseOutcome> ReleaseAsync(long startTicks, bool inputComplete, CancellationToken cancellationToken)
    {
        DifferentialPrivacyOptions o = _options;
        string releaseId = ReleaseId(startTicks);
        var start = new DateTimeOffset(startTicks, TimeSpan.Zero);
        DateTimeOffset end = start + o.ReleaseWindow;
        (double countScale, double sumScale, double epsilon, double delta, double rho) = Calibration();
        var request = new ReleaseRequest(releaseId, startTicks, end.UtcTicks, PrivacyBudgetLedger.HorizonStart(start, o.BudgetHorizon), o.BudgetHorizon,
            o.Epsilon, o.Mechanism == NoiseMechanism.Gaussian ? 0 : o.Epsilon, 2 * rho, o.Delta, o.TotalEpsilon);

        // Called once per window across the fleet, by whichever process won the claim, on the summed partials.
        IReadOnlyList<PrivacyLedgerEntry> Draw(WindowPartial window)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            var sums = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int i = 0; i < ReleaseCategories.All.Count; i++)
            {
                counts[ReleaseCategories.All[i]] = window.Counts[i] + NoiseCalibration.Draw(_noise, o.Mechanism, countScale);
                sums[ReleaseCategories.All[i]] = window.Cents[i] + NoiseCalibration.Draw(_noise, o.Mechanism, sumScale);
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

            return
            [
                Entry(CountQuery, o.MaxTransactionsPerCustomer, countScale, counts),
                Entry(SumQuery, o.MaxTransactionsPerCustomer * (double)WindowContributions.Cents(o.AmountClamp), sumScale, sums),
            ];
        }

        return _coordinator.TryReleaseAsync(request, Draw, inputComplete, cancellationToken);
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
        + "/" + new DateTimeOffset(startTicks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
