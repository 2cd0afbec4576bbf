using System.Runtime.InteropServices;

namespace StreamGuard.Insight.Categorization;

public sealed partial class MerchantCategorizer : IInsightModel
{
    // Merchant text carries no pseudonym: nothing to re-key during a key rotation.
    string? IInsightModel.KeyDomain => null;

    void IInsightModel.Rekey(IReadOnlyDictionary<string, string> oldToNew)
    {
    }

    void IInsightModel.WriteState(BinaryWriter writer)
    {
        writer.Flush();
        Save(writer.BaseStream);
    }

    void IInsightModel.ReadState(BinaryReader reader) => Load(reader.BaseStream);

    /// <summary>A merged shard's second parent: its word counts per class are added to these (classes matched by name).</summary>
    void IInsightModel.MergeState(BinaryReader reader)
    {
        var other = new MerchantCategorizer(_options);
        other.Load(reader.BaseStream);
        for (int oc = 0; oc < other._classes.Count; oc++)
        {
            string name = other._classes[oc];
            if (!_classIndex.TryGetValue(name, out int c))
            {
                if (_classes.Count >= _stride)
                {
                    Unlearnable += other._classDocs[oc];
                    continue;
                }

                c = _classes.Count;
                _classes.Add(name);
                _classIndex[name] = c;
            }

            _classDocs[c] += other._classDocs[oc];
            _classTotals[c] += other._classTotals[oc];
            for (int f = 0; f < _buckets; f++)
            {
                _counts[(f * _stride) + c] += other._counts[(f * _stride) + oc];
            }
        }

        _documents += other._documents;
        _dirtyRows = null;
    }

    private const int FormatVersion = 1;

    /// <summary>Writes the learned model, so a restart does not start from nothing.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            WriteHead(writer);
        }

        // The dense table in one write (the bytes BinaryWriter would write value by value, little-endian).
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(_counts.AsSpan()));
        }
        else
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            foreach (float count in _counts)
            {
                writer.Write(count);
            }
        }
    }

    /// <summary>Replaces the model with one written by <see cref="Save"/> under the same feature settings.</summary>
    public void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ReadHead(reader);
        }

        if (BitConverter.IsLittleEndian)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(_counts.AsSpan()));
        }
        else
        {
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            for (int i = 0; i < _counts.Length; i++)
            {
                _counts[i] = reader.ReadSingle();
            }
        }

        // Rows changed by the load are not tracked: the next itemised save writes every row.
        _dirtyRows = null;
    }

    private void WriteHead(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write(Signature);
        writer.Write(_documents);
        writer.Write(_classes.Count);
        for (int c = 0; c < _classes.Count; c++)
        {
            writer.Write(_classes[c]);
            writer.Write(_classDocs[c]);
            writer.Write(_classTotals[c]);
        }
    }

    private void ReadHead(BinaryReader reader)
    {
        int version = reader.ReadInt32();
        string signature = reader.ReadString();
        if (version != FormatVersion || signature != Signature)
        {
            throw new InvalidDataException($"The saved merchant model (format {version}, '{signature}') does not match this one (format {FormatVersion}, '{Signature}').");
        }

        _documents = reader.ReadInt64();
        int classes = reader.ReadInt32();
        _classes.Clear();
        _classIndex.Clear();
        for (int c = 0; c < classes; c++)
        {
            string name = reader.ReadString();
            _classes.Add(name);
            _classIndex[name] = c;
            _classDocs[c] = reader.ReadInt64();
            _classTotals[c] = reader.ReadDouble();
        }
    }

    private string Signature => $"bits={_options.FeatureBits};classes={_options.MaxCategories};ngrams={_options.MinNGram}-{_options.MaxNGram}";
}
