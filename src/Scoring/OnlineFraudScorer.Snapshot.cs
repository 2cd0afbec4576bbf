using StreamGuard.Pipeline.State;

namespace StreamGuard.Scoring;

public sealed partial class OnlineFraudScorer
{
    private const int SnapshotMagic = 0x53474653; // "SGFS"
    private const int SnapshotVersion = 4;

    // The previous snapshot's length: the next starts its buffer there instead of doubling up to it
    // (at 250,000 events a save's snapshot is 8.5 MB, and the doubling left as much again of
    // large-object garbage per save).
    private int _lastSnapshotBytes;

    /// <summary>
    /// Everything learned so far (cards, priors, trees, threshold, supervised model, waiting labels, the trained model and its retraining buffer),
    /// as bytes to store with the stream checkpoint. <see cref="Restore"/> on a scorer built with
    /// the same options continues exactly where this one stands.
    /// </summary>
    public byte[] Snapshot()
    {
        using var stream = new MemoryStream(SaveBufferSize.After(_lastSnapshotBytes));
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(SnapshotMagic);
            writer.Write(SnapshotVersion);
            writer.Write(Fingerprint());
            writer.Write(_watermarkTicks);
            writer.Write(_scored);
            writer.Write(_alerts);
            writer.Write(_random.State);
            WriteGlobal(writer);
            writer.Write(_labels is not null);
            _labels?.Write(writer);
            writer.Write(_cards.Count);
            foreach (KeyValuePair<string, CardProfile> card in _cards)
            {
                writer.Write(card.Key);
                card.Value.Write(writer);
            }

            _retrainer.Write(writer);
            WriteSharedMark(writer);
        }

        // The writer closed the stream: its length is gone, its bytes are not.
        byte[] snapshot = stream.ToArray();
        _lastSnapshotBytes = snapshot.Length;
        return snapshot;
    }

    /// <summary>Replaces all learned state with a snapshot taken by a scorer with the same options.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a snapshot, or were taken with other options.</exception>
    public void Restore(byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var reader = new BinaryReader(new MemoryStream(snapshot, writable: false));
        try
        {
            if (reader.ReadInt32() != SnapshotMagic)
            {
                throw new InvalidDataException("Not a fraud scorer snapshot (wrong magic number).");
            }

            int version = reader.ReadInt32();
            if (version != SnapshotVersion)
            {
                throw new InvalidDataException($"Fraud scorer snapshot version {version} is not supported (expected {SnapshotVersion}).");
            }

            if (reader.ReadString() != Fingerprint())
            {
                throw new InvalidDataException("Fraud scorer snapshot was taken with different model options (seed, trees or label delay); it cannot be restored into this scorer.");
            }

            _watermarkTicks = reader.ReadInt64();
            _scored = reader.ReadInt64();
            _alerts = reader.ReadInt64();
            _random = new SplitMix64(reader.ReadUInt64());
            ReadGlobal(reader);
            if (reader.ReadBoolean())
            {
                (_labels ?? throw new InvalidDataException("Snapshot holds waiting labels but label learning is off.")).Read(reader);
            }

            _cards.Clear();
            int cards = reader.ReadInt32();
            for (int i = 0; i < cards; i++)
            {
                string key = reader.ReadString();
                _cards[key] = CardProfile.Read(reader);
            }

            _retrainer.Read(reader);
            ReadSharedMark(reader);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("Fraud scorer snapshot is truncated.", ex);
        }
    }

    /// <summary>
    /// Adds the cards of a snapshot taken by a scorer with the same options, keeping this scorer's own
    /// cards and everything else it learned: a merged shard's cards come from both parents.
    /// </summary>
    public void MergeCards(byte[] snapshot)
    {
        var other = new OnlineFraudScorer(_options, model: null);
        other.Restore(snapshot);
        foreach (KeyValuePair<string, CardProfile> card in other._cards)
        {
            _cards.TryAdd(card.Key, card.Value);
        }
    }

    private string Fingerprint() => string.Join(
        '|',
        _options.Seed,
        _options.TreeCount,
        _options.TreeDepth,
        _options.TreeWindow,
        _options.AlertBudget,
        _options.ThresholdHalfLifeEvents,
        _options.LabelDelay?.Ticks ?? 0);
}
