using StreamGuard.Core.Model;
using StreamGuard.Scoring;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Insight.Segments;

/// <summary>
/// Online k-means over customer behaviour: average amount, frequency, category mix and time of day,
/// each customer's profile exponentially weighted so it follows recent behaviour. The centroids are
/// seeded by k-means++ on the first profiles, then move with every re-assignment (MacQueen, with a
/// floor on the learning rate). Distances are scaled by each feature's spread across customers.
/// Not thread-safe: one stage task owns it.
/// </summary>
public sealed partial class CustomerSegmenter
{
    private readonly SegmentOptions _options;
    private readonly int _k;
    private readonly int _initialSample;
    private readonly ZonedCalendar _calendar;
    private readonly Dictionary<string, CustomerProfile> _profiles = new(StringComparer.Ordinal);
    private readonly double[][] _centroids;
    private readonly long[] _centroidCounts;
    private readonly int[] _sizes;
    private readonly List<CustomerProfile> _reservoir = [];
    private SplitMix64 _random = new(17);
    private readonly double[] _mean = new double[BehaviourFeatures.Count];
    private readonly double[] _m2 = new double[BehaviourFeatures.Count];
    private readonly double[] _spread = [1, 1, 1, 1, 1, 1, 1, 1];
    private long _observations;
    private long _profiled;
    private long _nextReseed;
    private long _assignmentsAtReseed;
    private bool _seeded;

    public CustomerSegmenter(SegmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _k = options.Clusters;
        _initialSample = Math.Max(20, 4 * _k);
        _nextReseed = _initialSample;
        _calendar = new ZonedCalendar(TimeZoneInfo.FindSystemTimeZoneById(options.TimeZoneId));
        _centroids = new double[_k][];
        for (int i = 0; i < _k; i++)
        {
            _centroids[i] = new double[BehaviourFeatures.Count];
        }

        _centroidCounts = new long[_k];
        _sizes = new int[_k];
    }

    /// <summary>Customers whose segment changed after they had one.</summary>
    public long Changes { get; private set; }

    /// <summary>New customers not profiled because <see cref="SegmentOptions.MaxCustomers"/> was reached.</summary>
    public long Untracked { get; private set; }

    public int Customers => _profiles.Count;

    /// <summary>Updates the customer's profile with one transaction and re-assigns them when due.</summary>
    public void Observe(EnrichedTransaction tx)
    {
        if (tx.Change != ChangeKind.Added || tx.Amount <= 0)
        {
            return;
        }

        if (!_profiles.TryGetValue(tx.CustomerId, out CustomerProfile? profile))
        {
            if (_profiles.Count >= _options.MaxCustomers)
            {
                Untracked++;
                return;
            }

            profile = new CustomerProfile();
            _profiles[tx.CustomerId] = profile;
        }

        long n = ++profile.Transactions;
        double a = Math.Max(_options.ProfileSmoothing, 1.0 / n);
        double[] v = profile.Vector;
        v[BehaviourFeatures.LogAmount] += a * (Math.Log(1 + (double)tx.Amount) - v[BehaviourFeatures.LogAmount]);
        long ticks = tx.EventTime.UtcTicks;
        if (n > 1)
        {
            double gap = Math.Abs(ticks - profile.LastTicks) / (double)TimeSpan.TicksPerDay;
            double b = Math.Max(_options.ProfileSmoothing, 1.0 / (n - 1));
            profile.GapDays = profile.GapDays < 0 ? gap : profile.GapDays + (b * (gap - profile.GapDays));
            v[BehaviourFeatures.LogPerWeek] = Math.Log(1 + (7 / Math.Max(profile.GapDays, 1.0 / 24)));
        }

        profile.LastTicks = Math.Max(profile.LastTicks, ticks);
        int group = BehaviourFeatures.GroupOf(tx.Category);
        for (int g = BehaviourFeatures.Food; g <= BehaviourFeatures.Essentials; g++)
        {
            v[g] += a * ((g == group ? 1 : 0) - v[g]);
        }

        v[BehaviourFeatures.Night] += a * ((IsNight(ticks) ? 1 : 0) - v[BehaviourFeatures.Night]);
        if (n >= _options.MinTransactions && (n - _options.MinTransactions) % _options.ReassignEvery == 0)
        {
            Assign(profile);
        }
    }

    /// <summary>The customer's segment name, or null before they have one.</summary>
    public string? SegmentOf(string customerId)
    {
        string[]? names = null;
        return SegmentOf(customerId, ref names);
    }

    /// <summary>
    /// As <see cref="SegmentOf(string)"/>, for a caller asking about many customers at one moment: the
    /// segment names are made once (into <paramref name="names"/>, when first needed) and reused, as
    /// they only change when the centroids move.
    /// </summary>
    internal string? SegmentOf(string customerId, ref string[]? names)
    {
        if (!_profiles.TryGetValue(customerId, out CustomerProfile? profile) || profile.Segment < 0)
        {
            return null;
        }

        names ??= Names();
        return names[profile.Segment];
    }

    private bool IsNight(long utcTicks)
    {
        WindowBounds hour = _calendar.WindowOf(WindowSize.Hour, utcTicks);
        int local = (int)((hour.StartUtcTicks + hour.StartOffsetTicks) / TimeSpan.TicksPerHour % 24);
        return _options.NightStartHour > _options.NightEndHour
            ? local >= _options.NightStartHour || local < _options.NightEndHour
            : local >= _options.NightStartHour && local < _options.NightEndHour;
    }

    private void Assign(CustomerProfile profile)
    {
        double[] v = profile.Vector;
        _observations++;
        for (int j = 0; j < v.Length; j++)
        {
            double delta = v[j] - _mean[j];
            _mean[j] += delta / _observations;
            _m2[j] += delta * (v[j] - _mean[j]);
            _spread[j] = Spread(j);
        }

        if (profile.Transactions == _options.MinTransactions)
        {
            Sample(profile);
        }

        if (_profiled >= _nextReseed || (_seeded && _observations - _assignmentsAtReseed >= ReseedEveryAssignments))
        {
            Reseed();
            return;
        }

        if (!_seeded)
        {
            return;
        }

        int best = Nearest(v);
        _centroidCounts[best]++;
        double rate = Math.Max(1.0 / _centroidCounts[best], _options.MinLearningRate);
        double[] c = _centroids[best];
        for (int j = 0; j < c.Length; j++)
        {
            c[j] += rate * (v[j] - c[j]);
        }

        Move(profile, best);
    }

    private void Move(CustomerProfile profile, int segment)
    {
        if (profile.Segment == segment)
        {
            return;
        }

        if (profile.Segment >= 0)
        {
            _sizes[profile.Segment]--;
            Changes++;
        }

        _sizes[segment]++;
        profile.Segment = segment;
    }

    private int Nearest(ReadOnlySpan<double> v)
    {
        int best = 0;
        double bestDistance = double.MaxValue;
        int clusters = _seeded ? _k : 0;
        for (int i = 0; i < clusters; i++)
        {
            double d = Distance(v, _centroids[i]);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
        }

        return best;
    }

    private double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double z = (a[j] - b[j]) / _spread[j];
            sum += z * z;
        }

        return sum;
    }

    private double Spread(int j) => _observations < 2 ? 1 : Math.Max(1e-3, Math.Sqrt(_m2[j] / (_observations - 1)));
}
