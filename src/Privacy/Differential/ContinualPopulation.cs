using System.Globalization;
using StreamGuard.Core.Model;
using StreamGuard.Core.Taxonomy;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The continual release behind the dashboard's population view: per budget horizon one
/// <see cref="DyadicCounter"/> over the horizon's event-time steps holds, for every category of the
/// public list, the transaction count, the clamped sum in cents and the customers, and per age-band
/// segment the customers seen, under a per-person bound fixed by configuration
/// (<see cref="ContinualContributions"/>). The tree's height is chosen for the least noisy running
/// totals (<see cref="DyadicCounter.BestHeight"/>: with daily steps and Laplace, every day noised
/// once). One instance costs
/// ContinualEpsilon, paid in the ledger before its first value is published; every running total
/// and every range (the trend's days) is post-processing of it. A restart starts a new instance,
/// paid again, until the horizon's total budget is spent; then releases stop and say so.
/// Single writer (the report's sink); <see cref="Latest"/> may be read from anywhere.
/// </summary>
internal sealed partial class ContinualPopulation
{
    public const string Query = "continual";

    // How the instance's budget is shared: amounts carry the most signal, segments need the least (sensitivity 1).
    private const double AmountShare = 0.5;
    private const double CountShare = 0.2;
    private const double CustomerShare = 0.2;
    private const double SegmentShare = 0.1;

    /// <summary>The fixed public segment list: the outputs' ten-year age bands, and unknown.</summary>
    private static readonly string[] s_segments =
        ["under-18", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+", "unknown"];

    private readonly DifferentialPrivacyOptions _o;
    private readonly PrivacyBudgetLedger _ledger;
    private readonly INoiseSource _noise;
    private readonly TimeProvider _time;
    private readonly int _categories = ReleaseCategories.All.Count;
    private readonly ContinualContributions _bound;
    private readonly List<(DateTimeOffset Day, int Step, long Cents, long Count)> _dayEnds = [];
    private DyadicCounter? _counter;
    private DateTimeOffset _horizon = DateTimeOffset.MinValue;
    private double _countScale;
    private double _sumScale;
    private double _customerScale;
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
        _bound = NewBound(options);
    }

    /// <summary>Statistics per step: transaction counts, cents and customers per public category, then customers per segment.</summary>
    public static int Width => (3 * ReleaseCategories.All.Count) + s_segments.Length;

    /// <summary>The per-person bound of one instance, from the settings.</summary>
    public static ContinualContributions NewBound(DifferentialPrivacyOptions options) =>
        new(options.ContinualMaxTransactionsPerCustomer, options.ContinualDailyCategoryClamp, options.ContinualMaxCategoriesPerCustomer, options.ContinualMaxAmountPerCustomer);

    /// <summary>Adds one transaction's bounded contribution to a step's statistics (<see cref="Width"/> values).</summary>
    public static void Contribute(ContinualContributions bound, EnrichedTransaction t, long[] vector)
    {
        int categories = ReleaseCategories.All.Count;
        int category = ReleaseCategories.IndexOf(t.Category);
        long day = (long)Math.Floor((t.EventTime - DateTimeOffset.UnixEpoch).TotalDays);
        Contribution c = bound.Add(t.CustomerId, category, t.Amount, day);
        if (c.NewPerson)
        {
            int segment = t.AgeBand is null ? -1 : Array.IndexOf(s_segments, t.AgeBand);
            vector[(3 * categories) + (segment < 0 ? s_segments.Length - 1 : segment)]++;
        }

        vector[category] += c.Count;
        vector[categories + category] += c.Cents;
        vector[(2 * categories) + category] += c.Customer;
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
        _bound.Clear();
        _dayEnds.Clear();
        (int steps, int height, double rho) = Calibrate();
        double spent = _ledger.SpentIn(horizon, _o.BudgetHorizon, _o.Delta);
        _refused = spent + _o.ContinualEpsilon > _o.TotalEpsilon + 1e-9;
        if (!_refused)
        {
            await _ledger.RecordAsync([InstanceEntry(horizon, "/" + Guid.NewGuid().ToString("N"), height, rho)], cancellationToken).ConfigureAwait(false);
            Instances++;
            _counter = new DyadicCounter(steps, (3 * _categories) + Segments.Count, Draw, height);
            _dayEnds.Add((horizon, 0, 0, 0));
        }

        Publish();
    }

    /// <summary>The ledger entry that pays for one instance of the horizon (<paramref name="suffix"/> tells instances apart; none for a fleet's one instance).</summary>
    private PrivacyLedgerEntry InstanceEntry(DateTimeOffset horizon, string suffix, int height, double rho) => new()
    {
        ReleaseId = "population/" + horizon.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + suffix,
        Query = Query,
        RecordedAt = _time.GetUtcNow(),
        WindowStart = horizon,
        WindowEnd = horizon + _o.BudgetHorizon,
        Mechanism = _o.Mechanism.ToString(),
        Epsilon = _o.ContinualEpsilon,
        Delta = _o.Mechanism == NoiseMechanism.Gaussian ? _o.Delta : 0,
        Rho = rho,
        Sensitivity = height * _bound.AmountBoundCents,
        NoiseScale = _sumScale,
    };

    /// <summary>The instance's shape and noise scales, from the settings only.</summary>
    private (int Steps, int Height, double Rho) Calibrate()
    {
        int steps = (int)(_o.BudgetHorizon.Ticks / _o.ContinualStep.Ticks);
        bool gaussian = _o.Mechanism == NoiseMechanism.Gaussian;
        int height = DyadicCounter.BestHeight(steps, gaussian);
        double rho = gaussian ? NoiseCalibration.Rho(_o.ContinualEpsilon, _o.Delta) : 0;

        // The instance's budget is shared by four statistics (weights in s_shares); a person reaches one node per level.
        double Scale(double sensitivityPerLevel, double share) => gaussian
            ? Math.Sqrt(height) * sensitivityPerLevel / Math.Sqrt(2 * rho * share)
            : height * sensitivityPerLevel / (_o.ContinualEpsilon * share);
        _countScale = Scale(_bound.CountBound, CountShare);
        _sumScale = Scale(_bound.AmountBoundCents, AmountShare);
        _customerScale = Scale(_bound.CustomerBound, CustomerShare);
        _segmentScale = Scale(1, SegmentShare);
        return (steps, height, rho);
    }

    private long Draw(int index) => NoiseCalibration.Draw(_noise, _o.Mechanism, (index / _categories) switch
    {
        0 => _countScale,
        1 => _sumScale,
        2 => _customerScale,
        _ => _segmentScale,
    });

    private void Add(EnrichedTransaction t) => Contribute(_bound, t, _counter!.Open);

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
            NoteDayEnd();
        }

        return any;
    }

    /// <summary>After a step completes: a step that ends a day records the day's running spending, for the trend.</summary>
    private void NoteDayEnd()
    {
        DyadicCounter counter = _counter!;
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

            _dayEnds.Add((end, counter.Completed, cents, count));
        }
    }

    private void Publish()
    {
        DyadicCounter? c = _counter;
        int draws = c?.DrawsInTotal ?? 0;
        double spent = _fleet is null ? _ledger.SpentIn(_horizon, _o.BudgetHorizon, _o.Delta) : _fleetSpent;
        var categories = new List<PopulationValue>();
        var segments = new List<PopulationValue>();
        var trend = new List<PopulationValue>();
        if (c is not null)
        {
            for (int i = 0; i < _categories; i++)
            {
                categories.Add(Value(
                    ReleaseCategories.All[i],
                    Math.Max(0, c.Total(_categories + i)),
                    Error(_sumScale, draws),
                    Math.Max(0, c.Total(i)),
                    Error(_countScale, draws)) with
                {
                    Customers = Math.Max(0, c.Total((2 * _categories) + i)),
                    CustomersError95 = (long)Math.Ceiling(Error(_customerScale, draws)),
                });
            }

            for (int s = 0; s < Segments.Count; s++)
            {
                long n = Math.Max(0, c.Total((3 * _categories) + s));
                double e = Error(_segmentScale, draws);
                segments.Add(new PopulationValue(Segments[s], 0, 0, n, (long)Math.Ceiling(e)) { NoiseExceedsSignal = e > n });
            }

            int spending = ReleaseCategories.All.Count(BudgetCategory.IsSpending);
            for (int d = 1; d < _dayEnds.Count; d++)
            {
                (DateTimeOffset day, int step, long cents, long count) = _dayEnds[d];
                (DateTimeOffset _, int stepBefore, long centsBefore, long countBefore) = _dayEnds[d - 1];

                // A day is the difference of two running totals: the nodes one holds and the other does not, for every spending category.
                int dayDraws = c.DrawsBetween(stepBefore, step) * spending;
                trend.Add(Value(
                    (day - TimeSpan.FromDays(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Math.Max(0, cents - centsBefore),
                    Error(_sumScale, dayDraws),
                    Math.Max(0, count - countBefore),
                    Error(_countScale, dayDraws)));
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
            Bound = c is null ? null : string.Create(CultureInfo.InvariantCulture,
                $"per person per {_o.BudgetHorizon.TotalDays:0} days: first {_o.ContinualMaxTransactionsPerCustomer} transactions, at most ${_o.ContinualMaxAmountPerCustomer:0.##} in all and ${_o.ContinualDailyCategoryClamp:0.##} per day and category, customer of at most {_o.ContinualMaxCategoriesPerCustomer} categories"),
            TreeLevels = c?.Height ?? 0,
        });
    }

    /// <summary>A released value in cents and counts, with the 95 % half-widths and the plain verdict: is the noise larger than the value?</summary>
    private static PopulationValue Value(string key, long cents, double centsError, long count, double countError) =>
        new(key, cents / 100m, (decimal)Math.Round(centsError / 100, 2), count, (long)Math.Ceiling(countError))
        {
            NoiseExceedsSignal = centsError > cents,
        };

    private double Error(double scale, int draws) => NoiseCalibration.Error95(_o.Mechanism, scale, draws);
}
