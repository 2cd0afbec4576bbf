namespace StreamGuard.Scoring;

/// <summary>
/// Tracks an upper quantile of a stream of scores in [0, 1] with a decayed histogram on the logit
/// scale (fine resolution near 1, where alert thresholds live). Recent scores weigh more, so the
/// threshold follows the traffic when it drifts. Deterministic and small enough to snapshot.
/// </summary>
internal sealed class StreamingQuantile
{
    private const int Bins = 1200;
    private const double MinLogit = -15;
    private const double MaxLogit = 15;
    private const double BinWidth = (MaxLogit - MinLogit) / Bins;
    private const int RecomputeEvery = 64;

    private readonly double[] _counts = new double[Bins];
    private readonly double _tail;
    private readonly double _growth;
    private double _increment = 1;
    private double _total;
    private int _sinceRecompute;
    private double _threshold = 1;

    public StreamingQuantile(double tailFraction, int halfLifeEvents)
    {
        _tail = tailFraction;
        _growth = Math.Pow(2, 1.0 / halfLifeEvents);
    }

    public long Observed { get; private set; }

    /// <summary>The score above which about the tail fraction of recent scores lie.</summary>
    public double Threshold => _threshold;

    public void Add(double score)
    {
        _counts[Bin(score)] += _increment;
        _total += _increment;
        _increment *= _growth;
        Observed++;
        if (_increment > 1e200)
        {
            for (int i = 0; i < Bins; i++)
            {
                _counts[i] /= _increment;
            }

            _total /= _increment;
            _increment = 1;
        }

        if (++_sinceRecompute >= RecomputeEvery || Observed < 1000)
        {
            Recompute();
        }
    }

    private void Recompute()
    {
        _sinceRecompute = 0;
        double target = _tail * _total;
        double above = 0;
        for (int i = Bins - 1; i >= 0; i--)
        {
            if (above + _counts[i] >= target)
            {
                // Interpolate inside the bin, so a crowded bin does not swing the alert rate.
                double inside = (target - above) / _counts[i];
                double logit = MinLogit + ((i + 1 - inside) * BinWidth);
                _threshold = 1 / (1 + Math.Exp(-logit));
                return;
            }

            above += _counts[i];
        }

        _threshold = 0;
    }

    private static int Bin(double score)
    {
        double p = Math.Clamp(score, 1e-9, 1 - 1e-9);
        double logit = Math.Log(p / (1 - p));
        return Math.Clamp((int)((logit - MinLogit) / BinWidth), 0, Bins - 1);
    }

    public void Write(BinaryWriter writer)
    {
        foreach (double count in _counts)
        {
            writer.Write(count);
        }

        writer.Write(_increment);
        writer.Write(_total);
        writer.Write(_sinceRecompute);
        writer.Write(_threshold);
        writer.Write(Observed);
    }

    public void Read(BinaryReader reader)
    {
        for (int i = 0; i < Bins; i++)
        {
            _counts[i] = reader.ReadDouble();
        }

        _increment = reader.ReadDouble();
        _total = reader.ReadDouble();
        _sinceRecompute = reader.ReadInt32();
        _threshold = reader.ReadDouble();
        Observed = reader.ReadInt64();
    }
}
