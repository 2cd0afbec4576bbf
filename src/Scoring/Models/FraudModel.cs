namespace StreamGuard.Scoring.Models;

/// <summary>
/// A trained fraud model: the tree ensemble, its Platt calibration, and what it was trained on and
/// how it validated. Immutable, so it is swapped in whole and shared across threads freely.
/// </summary>
public sealed class FraudModel
{
    internal FraudModel(TreeEnsemble trees, double plattSlope, double plattOffset, FraudModelInfo info)
    {
        if (trees.MaxFeature >= ModelFeatures.Count)
        {
            throw new InvalidDataException($"The model reads feature {trees.MaxFeature}, but schema {ModelFeatures.SchemaVersion} has {ModelFeatures.Count}.");
        }

        Trees = trees;
        PlattSlope = plattSlope;
        PlattOffset = plattOffset;
        Info = info;
    }

    internal TreeEnsemble Trees { get; }

    internal double PlattSlope { get; }

    internal double PlattOffset { get; }

    public FraudModelInfo Info { get; }

    /// <summary>The version stamped on every alert this model scored, e.g. "gbt-20261130T150212Z-3f9a1c".</summary>
    public string Version => Info.Version;

    /// <summary>Calibrated probability of fraud for one row of <see cref="ModelFeatures"/>.</summary>
    internal double Probability(in ModelRow row) => Calibrate(Trees.Predict(row));

    internal double Calibrate(double raw) => 1 / (1 + Math.Exp((PlattSlope * raw) + PlattOffset));

    internal void Write(BinaryWriter writer)
    {
        writer.Write(ModelFeatures.SchemaVersion);
        Info.Write(writer);
        writer.Write(PlattSlope);
        writer.Write(PlattOffset);
        Trees.Write(writer);
    }

    internal static FraudModel Read(BinaryReader reader)
    {
        int schema = reader.ReadInt32();
        if (schema != ModelFeatures.SchemaVersion)
        {
            throw new InvalidDataException($"The model was trained on feature schema {schema}; this StreamGuard computes schema {ModelFeatures.SchemaVersion}. Train it again with `train`.");
        }

        FraudModelInfo info = FraudModelInfo.Read(reader);
        double slope = reader.ReadDouble();
        double offset = reader.ReadDouble();
        return new FraudModel(TreeEnsemble.Read(reader), slope, offset, info);
    }
}
