namespace StreamGuard.Scoring;

/// <summary>
/// Population-level oddness: how over-represented a transaction's combination of category, hour
/// (two-hour bands) and amount (log bands) is against what the hour's share of all traffic
/// predicts for that category and amount: log((seen + 1) / (expected + 1)). Ordinary spending
/// follows the daily rhythm, so its cells sit near zero; a stolen-card pattern (large online
/// purchases at night, repeated across cards) piles up in a few cells that the rhythm cannot
/// explain. It learns from every card, so it works for a card seen for the first time. Counts fade
/// with the population half-life (an increment that doubles every half-life).
/// </summary>
internal sealed class PopulationCells
{
    public const int HourBands = 12;
    public const int AmountBands = 40;
    private const double AmountBandWidth = 0.35;

    private readonly double[] _cells = new double[PopulationPriors.MaxCategories * HourBands * AmountBands];
    private readonly double[] _categoryAmount = new double[PopulationPriors.MaxCategories * AmountBands];
    private readonly double[] _hours = new double[HourBands];
    private readonly double _halfLifeTicks;
    private double _total;
    private long _referenceTicks;
    private bool _started;

    public PopulationCells(TimeSpan halfLife) => _halfLifeTicks = halfLife.Ticks;

    /// <summary>log((seen + 1) / (expected + 1)) for the cell, in transactions (before this one is learned).</summary>
    public double Oddness(int category, int hour, double logAmount, long ticks)
    {
        if (!_started)
        {
            return 0;
        }

        double increment = Increment(ticks);
        int band = AmountBand(logAmount);
        int hourBand = hour / 2;
        double seen = _cells[Cell(category, hourBand, band)] / increment;
        double hourShare = (_hours[hourBand] + increment) / (_total + (HourBands * increment));
        double expected = _categoryAmount[(category * AmountBands) + band] / increment * hourShare;
        return Math.Log((seen + 1) / (expected + 1));
    }

    public void Learn(int category, int hour, double logAmount, long ticks)
    {
        if (!_started)
        {
            _referenceTicks = ticks;
            _started = true;
        }

        double increment = Increment(ticks);
        if (increment > 1e100)
        {
            Rescale(1 / increment);
            _referenceTicks = ticks;
            increment = 1;
        }

        int band = AmountBand(logAmount);
        int hourBand = hour / 2;
        _cells[Cell(category, hourBand, band)] += increment;
        _categoryAmount[(category * AmountBands) + band] += increment;
        _hours[hourBand] += increment;
        _total += increment;
    }

    private double Increment(long ticks) => Math.Pow(2, (ticks - _referenceTicks) / _halfLifeTicks);

    private static int AmountBand(double logAmount) => Math.Clamp((int)((logAmount + 2) / AmountBandWidth), 0, AmountBands - 1);

    private static int Cell(int category, int hourBand, int band) => (((category * HourBands) + hourBand) * AmountBands) + band;

    private void Rescale(double factor)
    {
        for (int i = 0; i < _cells.Length; i++)
        {
            _cells[i] *= factor;
        }

        for (int i = 0; i < _categoryAmount.Length; i++)
        {
            _categoryAmount[i] *= factor;
        }

        for (int i = 0; i < _hours.Length; i++)
        {
            _hours[i] *= factor;
        }

        _total *= factor;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_started);
        writer.Write(_referenceTicks);
        writer.Write(_total);
        Array.ForEach(_hours, writer.Write);
        Array.ForEach(_categoryAmount, writer.Write);
        Array.ForEach(_cells, writer.Write);
    }

    public void Read(BinaryReader reader)
    {
        _started = reader.ReadBoolean();
        _referenceTicks = reader.ReadInt64();
        _total = reader.ReadDouble();
        for (int i = 0; i < _hours.Length; i++)
        {
            _hours[i] = reader.ReadDouble();
        }

        for (int i = 0; i < _categoryAmount.Length; i++)
        {
            _categoryAmount[i] = reader.ReadDouble();
        }

        for (int i = 0; i < _cells.Length; i++)
        {
            _cells[i] = reader.ReadDouble();
        }
    }
}
