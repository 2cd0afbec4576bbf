namespace StreamGuard.Scoring.Models;

/// <summary>What a model was trained on and how it validated on the held-out, latest 20 % of event time.</summary>
public sealed record FraudModelInfo(
    string Version,
    DateTimeOffset TrainedAt,
    string TrainedOn,
    long Rows,
    long Frauds,
    DateTimeOffset DataFrom,
    DateTimeOffset DataUntil,
    DateTimeOffset ValidationFrom,
    long ValidationRows,
    long ValidationFrauds,
    double ValidationPrAuc,
    double ValidationRocAuc)
{
    internal void Write(BinaryWriter writer)
    {
        writer.Write(Version);
        writer.Write(TrainedAt.UtcTicks);
        writer.Write(TrainedOn);
        writer.Write(Rows);
        writer.Write(Frauds);
        writer.Write(DataFrom.UtcTicks);
        writer.Write(DataUntil.UtcTicks);
        writer.Write(ValidationFrom.UtcTicks);
        writer.Write(ValidationRows);
        writer.Write(ValidationFrauds);
        writer.Write(ValidationPrAuc);
        writer.Write(ValidationRocAuc);
    }

    internal static FraudModelInfo Read(BinaryReader reader) => new(
        reader.ReadString(),
        new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
        reader.ReadString(),
        reader.ReadInt64(),
        reader.ReadInt64(),
        new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
        new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
        new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
        reader.ReadInt64(),
        reader.ReadInt64(),
        reader.ReadDouble(),
        reader.ReadDouble());
}
