using StreamGuard.Pipeline.State;
using StreamGuard.Scoring.Models;

namespace StreamGuard.Scoring;

/// <summary>
/// The global half of the scorer: what it learns from every card (population priors and cells, the
/// detector trees, the alert threshold, the online supervised model and its blend, the trained model)
/// as a version every shard's scorer shares (<see cref="ISharedModelStore"/>). The cards, recent
/// rows, waiting labels and the retraining buffer stay with the shard.
/// </summary>
public sealed partial class OnlineFraudScorer : ISharedModelHolder
{
    private const string SharedFormat = "sg-shared-scorer/1";
    private long _sharedVersion;
    // The trained model as adopted or published last: a different one in use is a retrain to publish.
    private FraudModel? _sharedModel;
    private FraudModel? _capturedModel;

    public long SharedVersion => _sharedVersion;

    public bool HasUnpublishedChange => _retrainer.Model is { } model && !ReferenceEquals(model, _sharedModel);

    public byte[] CaptureShared()
    {
        _retrainer.Settle();
        FraudModel? model = _retrainer.Model;
        _capturedModel = model;
        return StateBytes.Write(SharedFormat, writer =>
        {
            writer.Write(Fingerprint());
            WriteGlobal(writer);
            writer.Write(model is not null);
            model?.Write(writer);
        });
    }

    public void AdoptShared(SharedModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        FraudModel? model = null;
        StateBytes.Read(version.Data, SharedFormat, reader =>
        {
            if (reader.ReadString() != Fingerprint())
            {
                throw new InvalidDataException($"Shared model version {version.Version} (from {version.Publisher}) was published with different model options (seed, trees or label delay).");
            }

            ReadGlobal(reader);
            model = reader.ReadBoolean() ? FraudModel.Read(reader) : null;
        });

        _retrainer.UseShared(model);
        _sharedModel = model;
        _sharedVersion = version.Version;
    }

    public void MarkPublished(long version)
    {
        _sharedModel = _capturedModel;
        _sharedVersion = version;
    }

    // The global half (learned from all cards), in one order for snapshots and shared versions alike.
    private void WriteGlobal(BinaryWriter writer)
    {
        _priors.Write(writer);
        _cells.Write(writer);
        _trees.Write(writer);
        _quantile.Write(writer);
        _supervised.Write(writer);
        _blend.Write(writer);
    }

    private void ReadGlobal(BinaryReader reader)
    {
        _priors.Read(reader);
        _cells.Read(reader);
        _trees.Read(reader);
        _quantile.Read(reader);
        _supervised.Read(reader);
        _blend.Read(reader);
    }

    private void WriteSharedMark(BinaryWriter writer)
    {
        writer.Write(_sharedVersion);
        writer.Write(_sharedModel is not null && ReferenceEquals(_sharedModel, _retrainer.Model));
    }

    /// <summary>After the retrainer was read back: its model is the shared one when it was when saved.</summary>
    private void ReadSharedMark(BinaryReader reader)
    {
        _sharedVersion = reader.ReadInt64();
        _sharedModel = reader.ReadBoolean() ? _retrainer.Model : null;
    }
}
