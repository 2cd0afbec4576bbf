using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The continual release behind the dashboard's population view: per budget horizon one
/// <see cref="DyadicCounter"/> over the horizon's event-time steps holds, for every category of the
/// public list, the transaction count and the clamped sum in cents, and per age-band segment the
/// customers seen. Each customer counts once towards the segments and for at most
/// ContinualMaxTransactionsPerCustomer transactions in the horizon. One instance costs
/// ContinualEpsilon, paid in the ledger before its first value is published; every running total
/// and every range (the trend's days) is post-processing of it. A restart starts a new instance,
/// paid again, until the horizon's total budget is spent; then releases stop and say so.
/// Single writer (the report's sink); <see cref="Latest"/> may be read from anywhere.
/// </summary>
internal sealed class ContinualPopulation
{
    public const string Query = "continual";

    /// <summary>The fixed public segment list: the outputs' ten-year age bands, and unknown.</summary>
    private static readonly string[] s_segments =
        ["under-18", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+", "unknown"];

    private readonly DifferentialPrivacyOptions _o;
    private readonly PrivacyBudgetLedger _ledger;
    private readonly INoiseSource _noise;
    private readonly TimeProvider _time;
    private readonly int _categories = ReleaseCategories.All.Count;
    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset Day, long Cents, long Count, int Draws)> _dayEnds = [];
    private DyadicCounter? _counter;
    private DateTimeOffset _horizon = DateTimeOffset.MinValue;
    private double _countScale;
    private double _sumScale;
    private double _segmentScale;
    private bool _refused;
    private PopulationRelease? _latest;

    public static IReadOnlyList<string> Segments => s_segments;

    public ContinualPopulation(DifferentialPrivacyOptions options, PrivacyBudgetLedger ledger, INoiseSource noise, TimeProvider time)
    {
        _o = options;
        _ledger = ledger;
        _noise = noise;
        _time = time;
    }

    public PopulationRelease? Latest => Volatile.Read(ref _latest);

    /// <summary>Transactions of a horizon already closed when they arrived: left out.</summary>
    public long LateExcluded { get; private set; }

    /// <summary>Instances paid for by this process.</summary>
    public int Instances { get; private set; }

    /// <summary>Takes in live transactions; returns whether a new release was published.</summary>
    public async Task<bool> ObserveAsync(IEnumerable<EnrichedTransaction> transactions, CancellationToken cancellationToken)
    {
        bool published = false;
        foreach (EnrichedTransaction t in transactions)
        {
            DateTimeOffset horizon = PrivacyBudgetLedger.HorizonStart(t.EventTime, _o.BudgetHorizon);
            if (horizon < _horizon)
            {
                LateExcluded++;
                continue;
            }

            if (horizon > _horizon)
            {
                if (_counter is not null)
                {
                    AdvanceTo(_horizon + _o.BudgetHorizon);
                    Publish();
                }

                await StartAsync(horizon, cancellationToken).ConfigureAwait(false);
                published = true;
            }

            if (_counter is null)
            {
                continue;
            }

            if (AdvanceTo(t.EventTime))
            {
                Publish();
                published = true;
            }

            Add(t);
        }

        return published;
    }

    private async Task StartAsync(DateTimeOffset horizon, CancellationToken cancellationToken)
    {
        _horizon = horizon;
        _counter = null;
        _used.Clear();
        _dayEnds.Clear();
        int steps = (int)(_o.BudgetHorizon.Ticks / _o.ContinualStep.Ticks);
        int levels = DyadicCounter.Levels(steps);
        bool gaussian = _o.Mechanism == NoiseMechanism.Gaussian;
        double rho = gaussian ? NoiseCalibration.Rho(_o.ContinualEpsilon, _o.Delta) : 0;

        // Three statistics share the instance's budget equally; a person reaches one node per level.
        double Scale(double sensitivityPerLevel) => gaussian
            ? Math.Sqrt(levels) * sensitivityPerLevel / Math.Sqrt(2 * rho / 3)
            : levels * sensitivityPerLevel / (_o.ContinualEpsilon / 3);
        int bound = _o.ContinualMaxTransactionsPerCustomer;
        _countScale = Scale(bound);
        _sumScale = Scale(bound * (double)WindowContributions.Cents(_o.AmountClamp));
        _segmentScale = Scale(1);

        double spent = _ledger.SpentIn(horizon, _o.BudgetHorizon, _o.Delta);
        _refused = spent + _o.ContinualEpsilon > _o.TotalEpsilon + 1e-9;
        if (!_refused)
        {
            await _ledger.RecordAsync(
            [
                new PrivacyLedgerEntry
                {
                    ReleaseId = "population/" + horizon.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "/" + Guid.NewGuid().ToString("N"),
                    Query = Query,
                    RecordedAt = _time.GetUtcNow(),
                    WindowStart = horizon,
                    WindowEnd = horizon + _o.BudgetHorizon,
                    Mechanism = _o.Mechanism.ToString(),
                    Epsilon = _o.ContinualEpsilon,
                    Delta = gaussian ? _o.Delta : 0,
                    Rho = rho,
                    Sensitivity = levels * bound,
                    NoiseScale = _countScale,
                },
            ], cancellationToken).ConfigureAwait(false);
            Instances++;
            _counter = new DyadicCounter(steps, (2 * _categories) + Segments.Count, Draw);
            _dayEnds.Add((horizon, 0, 0, 0));
        }

        Publish();
    }

    private long Draw(int index) =>
        NoiseCalibration.Draw(_noise, _o.Mechanism, index < _categories ? _countScale : index < 2 * _categories ? _sumScale : _segmentScale);

    private void Add(EnrichedTransaction t)
    {
        if (!_used.TryGetValue(t.CustomerId, out int used))
        {
            int segment = t.AgeBand is null ? -1 : Array.IndexOf(s_segments, t.AgeBand);
            _counter!.Add((2 * _categories) + (segment < 0 ? Segments.Count - 1 : segment), 1);
        }

        if (used >= _o.ContinualMaxTransactionsPerCustomer)
        {
            return;
        }

        _used[t.CustomerId] = used + 1;
        int category = ReleaseCategories.IndexOf(t.Category);
        _counter!.Add(category, 1);
        _counter.Add(_categories + category, WindowContributions.Cents(Math.Clamp(t.Amount, 0m, _o.AmountClamp)));
    }

    /// <summary>Completes every step that ends at or before the given event time; true when any did.</summary>
    private bool AdvanceTo(DateTimeOffset eventTime)
    {
        DyadicCounter counter = _counter!;
        long target = Math.Min(counter.Steps, (eventTime - _horizon).Ticks / _o.ContinualStep.Ticks);
        bool any = false;
        while (counter.Completed < target)
        {
            counter.CompleteStep();
            any = true;
            DateTimeOffset end = _horizon + (_o.ContinualStep * counter.Completed);
            if ((end - _horizon).Ticks % TimeSpan.TicksPerDay == 0)
            {
                long cents = 0;
                long count = 0;
                for (int i = 0; i < _categories; i++)
                {
                    if (BudgetCategory.IsSpending(ReleaseCategories.All[i]))
                    {
                        count += counter.Total(i);
                        cents += counter.Total(_categories + i);
                    }
                }

                _dayEnds.Add((end, cents, count, counter.DrawsInTotal * _categories));
            }
        }

        return any;
    }

    private void Publish()
    {
        DyadicCounter? c = _counter;
        int draws = c?.DrawsInTotal ?? 0;
        double spent = _ledger.SpentIn(_horizon, _o.BudgetHorizon, _o.Delta);
        var categories = new List<PopulationValue>();
        var segments = new List<PopulationValue>();
        var trend = new List<PopulationValue>();
        if (c is not null)
        {
            for (int i = 0; i < _categories; i++)
            {
                categories.Add(new PopulationValue(
                    ReleaseCategories.All[i],
                    Math.Max(0, c.Total(_categories + i)) / 100m,
                    Error(_sumScale, draws) / 100m,
                    Math.Max(0, c.Total(i)),
                    (long)Math.Ceiling(Error(_countScale, draws))));
            }

            for (int s = 0; s < Segments.Count; s++)
            {
                segments.Add(new PopulationValue(Segments[s], 0, 0, Math.Max(0, c.Total((2 * _categories) + s)), (long)Math.Ceiling(Error(_segmentScale, draws))));
            }

            for (int d = 1; d < _dayEnds.Count; d++)
            {
                (DateTimeOffset day, long cents, long count, int drawsEnd) = _dayEnds[d];
                (DateTimeOffset _, long centsBefore, long countBefore, int drawsStart) = _dayEnds[d - 1];
                trend.Add(new PopulationValue(
                    (day - TimeSpan.FromDays(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Math.Max(0, cents - centsBefore) / 100m,
                    Error(_sumScale, drawsEnd + drawsStart) / 100m,
                    Math.Max(0, count - countBefore),
                    (long)Math.Ceiling(Error(_countScale, drawsEnd + drawsStart))));
            }
        }

        Volatile.Write(ref _latest, new PopulationRelease
        {
            PeriodStart = _horizon,
            PeriodEnd = _horizon + _o.BudgetHorizon,
            AsOf = _horizon + (_o.ContinualStep * (c?.Completed ?? 0)),
            Categories = categories,
            Trend = trend,
            Segments = segments,
            Mechanism = _o.Mechanism.ToString(),
            EpsilonSpent = Math.Round(spent, 6),
            EpsilonBudget = _o.TotalEpsilon,
            BudgetExhausted = _refused || spent + Math.Min(_o.Epsilon, _o.ContinualEpsilon) > _o.TotalEpsilon + 1e-9,
            NoiseExceedsSignal = categories.Count == 0 || categories[0].AmountError95 > categories.Sum(v => v.Amount) / categories.Count,
        });
    }

    private decimal Error(double scale, int draws) => (decimal)Math.Round(NoiseCalibration.Error95(_o.Mechanism, scale, draws), 2);
}
