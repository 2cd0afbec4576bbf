namespace StreamGuard.Scoring;

/// <summary>
/// Decayed weighted mean and variance of a value (a log amount or a log distance). Updates are
/// winsorised at four standard deviations once there is history, so one outlier cannot drag a
/// card's typical value towards it.
/// </summary>
internal struct RunningStat
{
    public float Weight;
    public float Mean;
    public float M2;

    public readonly double Variance => Weight > 0 ? M2 / Weight : 0;

    public void Decay(double factor)
    {
        Weight = (float)(Weight * factor);
        M2 = (float)(M2 * factor);
    }

    public void Add(double value)
    {
        if (Weight >= 3)
        {
            double sd = Math.Sqrt(Variance) + 0.05;
            value = Math.Clamp(value, Mean - (4 * sd), Mean + (4 * sd));
        }

        double weight = Weight + 1;
        double delta = value - Mean;
        double mean = Mean + (delta / weight);
        M2 = (float)(M2 + (delta * (value - mean)));
        Mean = (float)mean;
        Weight = (float)weight;
    }

    /// <summary>Mean and standard deviation shrunk towards a prior with the given pseudo-weight.</summary>
    public readonly (double Mean, double StdDev) Shrink(double priorMean, double priorVariance, double priorWeight)
    {
        double weight = Weight + priorWeight;
        double mean = ((Weight * Mean) + (priorWeight * priorMean)) / weight;
        double variance = (M2 + (priorWeight * priorVariance) + (Weight * priorWeight / weight * (Mean - priorMean) * (Mean - priorMean))) / weight;
        return (mean, Math.Sqrt(Math.Max(variance, 0.0025)));
    }

    public readonly void Write(BinaryWriter writer)
    {
        writer.Write(Weight);
        writer.Write(Mean);
        writer.Write(M2);
    }

    public static RunningStat Read(BinaryReader reader) => new() { Weight = reader.ReadSingle(), Mean = reader.ReadSingle(), M2 = reader.ReadSingle() };
}
