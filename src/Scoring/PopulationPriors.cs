namespace StreamGuard.Scoring;

/// <summary>
/// What all cards do, per category: log-amount statistics, active hours and how common each
/// category is. New cards borrow these until they have their own history. Counts grow by an
/// increment that doubles every half-life, which decays the past without touching every counter.
/// </summary>
internal sealed class PopulationPriors
{
    public const int MaxCategories = 64;
    private const double AmountWeightCap = 5000;

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly double[] _categoryWeight = new double[MaxCategories];
    private readonly double[] _hours = new double[MaxCategories * 24];
    private readonly double[] _globalHours = new double[24];
    private readonly RunningStat[] _amount = new RunningStat[MaxCategories];
    private readonly double _halfLifeTicks;
    private RunningStat _globalAmount;
    private RunningStat _distance;
    private double _totalWeight;
    private long _referenceTicks;
    private bool _started;

    public PopulationPriors(TimeSpan halfLife) => _halfLifeTicks = halfLife.Ticks;

    public long Events { get; private set; }

    public string CategoryName(int category) => _names[category];

    /// <summary>The category's index, adding it if there is room (the last slot takes every overflow).</summary>
    public int CategoryIndex(string name)
    {
        if (_index.TryGetValue(name, out int index))
        {
            return index;
        }

        if (_names.Count >= MaxCategories)
        {
            return MaxCategories - 1;
        }

        index = _names.Count;
        _names.Add(name);
        _index[name] = index;
        return index;
    }

    /// <summary>Prior mean and variance of log amount in a category, backed off to all categories.</summary>
    public (double Mean, double Variance) AmountPrior(int category)
    {
        RunningStat global = _globalAmount;
        double globalVariance = global.Weight > 1 ? global.Variance : 1.0;
        double globalMean = global.Weight > 0 ? global.Mean : 3.5;
        RunningStat stat = _amount[category];
        var (mean, sd) = stat.Shrink(globalMean, globalVariance, 10);
        return (mean, sd * sd);
    }

    /// <summary>Mean log amount over all categories (3.5 before anything is learned); it follows drift in prices.</summary>
    public double GlobalLogAmountMean => _globalAmount.Weight > 0 ? _globalAmount.Mean : 3.5;

    /// <summary>Prior mean and variance of log(1 + km from home) over all cards.</summary>
    public (double Mean, double Variance) DistancePrior() =>
        _distance.Weight > 1 ? (_distance.Mean, Math.Max(_distance.Variance, 0.25)) : (3.5, 1.0);

    public double CategoryShare(int category) => (_categoryWeight[category] + 0.5) / (_totalWeight + (0.5 * MaxCategories));

    /// <summary>Share of a category's activity in this hour, backed off to all categories.</summary>
    public double HourShare(int category, int hour)
    {
        double globalShare = (_globalHours[hour] + 1) / (_totalWeight + 24);
        return (_hours[(category * 24) + hour] + (20 * globalShare)) / (_categoryWeight[category] + 20);
    }

    public void Learn(long ticks, int category, int hour, double logAmount, double? logDistance)
    {
        if (!_started)
        {
            _referenceTicks = ticks;
            _started = true;
        }

        double increment = Math.Pow(2, (ticks - _referenceTicks) / _halfLifeTicks);
        if (increment > 1e100)
        {
            Rescale(1 / increment);
            _referenceTicks = ticks;
            increment = 1;
        }

        _categoryWeight[category] += increment;
        _hours[(category * 24) + hour] += increment;
        _globalHours[hour] += increment;
        _totalWeight += increment;
        AddCapped(ref _amount[category], logAmount);
        AddCapped(ref _globalAmount, logAmount);
        if (logDistance is { } d)
        {
            AddCapped(ref _distance, d);
        }

        Events++;
    }

    private static void AddCapped(ref RunningStat stat, double value)
    {
        if (stat.Weight >= AmountWeightCap)
        {
            stat.Decay((AmountWeightCap - 1) / AmountWeightCap);
        }

        stat.Add(value);
    }

    private void Rescale(double factor)
    {
        for (int i = 0; i < _categoryWeight.Length; i++)
        {
            _categoryWeight[i] *= factor;
        }

        for (int i = 0; i < _hours.Length; i++)
        {
            _hours[i] *= factor;
        }

        for (int i = 0; i < 24; i++)
        {
            _globalHours[i] *= factor;
        }

        _totalWeight *= factor;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_names.Count);
        foreach (string name in _names)
        {
            writer.Write(name);
        }

        foreach (double value in _categoryWeight)
        {
            writer.Write(value);
        }

        foreach (double value in _hours)
        {
            writer.Write(value);
        }

        foreach (double value in _globalHours)
        {
            writer.Write(value);
        }

        foreach (RunningStat stat in _amount)
        {
            stat.Write(writer);
        }

        _globalAmount.Write(writer);
        _distance.Write(writer);
        writer.Write(_totalWeight);
        writer.Write(_referenceTicks);
        writer.Write(_started);
        writer.Write(Events);
    }

    public void Read(BinaryReader reader)
    {
        _index.Clear();
        _names.Clear();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            _index[name] = i;
            _names.Add(name);
        }

        for (int i = 0; i < _categoryWeight.Length; i++)
        {
            _categoryWeight[i] = reader.ReadDouble();
        }

        for (int i = 0; i < _hours.Length; i++)
        {
            _hours[i] = reader.ReadDouble();
        }

        for (int i = 0; i < 24; i++)
        {
            _globalHours[i] = reader.ReadDouble();
        }

        for (int i = 0; i < _amount.Length; i++)
        {
            _amount[i] = RunningStat.Read(reader);
        }

        _globalAmount = RunningStat.Read(reader);
        _distance = RunningStat.Read(reader);
        _totalWeight = reader.ReadDouble();
        _referenceTicks = reader.ReadInt64();
        _started = reader.ReadBoolean();
        Events = reader.ReadInt64();
    }
}
