using StreamGuard.Scoring;
using StreamGuard.Pipeline.State;

namespace StreamGuard.Insight.Segments;

public sealed partial class CustomerSegmenter
{
    /// <summary>Profiles, centroids, feature spreads, the seeding sample and the generator state.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_k);
        var index = new Dictionary<CustomerProfile, int>(ReferenceEqualityComparer.Instance);
        writer.Write(_profiles.Count);
        foreach ((string customer, CustomerProfile p) in _profiles)
        {
            index[p] = index.Count;
            writer.Write(customer);
            writer.Write(p.Transactions);
            writer.Write(p.LastTicks);
            writer.Write(p.GapDays);
            writer.Write(p.Segment);
            writer.WriteAll(p.Vector);
        }

        writer.Write(_reservoir.Count);
        foreach (CustomerProfile p in _reservoir)
        {
            writer.Write(index[p]);
        }

        foreach (double[] centroid in _centroids)
        {
            writer.WriteAll(centroid);
        }

        for (int c = 0; c < _k; c++)
        {
            writer.Write(_centroidCounts[c]);
            writer.Write(_sizes[c]);
        }

        writer.WriteAll(_mean);
        writer.WriteAll(_m2);
        writer.WriteAll(_spread);
        writer.Write(_observations);
        writer.Write(_profiled);
        writer.Write(_nextReseed);
        writer.Write(_assignmentsAtReseed);
        writer.Write(_seeded);
        writer.Write(Changes);
        writer.Write(Untracked);
        writer.Write(_random.State);
    }

    /// <summary>Replaces the state with one written by <see cref="WriteState"/> under the same number of clusters.</summary>
    public void ReadState(BinaryReader reader)
    {
        int k = reader.ReadInt32();
        if (k != _k)
        {
            throw new InvalidDataException($"The saved segments have {k} clusters; this segmenter has {_k} (StreamGuard:Insight:Segments:Clusters).");
        }

        _profiles.Clear();
        var ordered = new List<CustomerProfile>();
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            string customer = reader.ReadString();
            var p = new CustomerProfile { Transactions = reader.ReadInt64(), LastTicks = reader.ReadInt64(), GapDays = reader.ReadDouble(), Segment = reader.ReadInt32() };
            reader.ReadInto(p.Vector);
            _profiles[customer] = p;
            ordered.Add(p);
        }

        _reservoir.Clear();
        int sampled = reader.ReadInt32();
        for (int i = 0; i < sampled; i++)
        {
            _reservoir.Add(ordered[reader.ReadInt32()]);
        }

        foreach (double[] centroid in _centroids)
        {
            reader.ReadInto(centroid);
        }

        for (int c = 0; c < _k; c++)
        {
            _centroidCounts[c] = reader.ReadInt64();
            _sizes[c] = reader.ReadInt32();
        }

        reader.ReadInto(_mean);
        reader.ReadInto(_m2);
        reader.ReadInto(_spread);
        _observations = reader.ReadInt64();
        _profiled = reader.ReadInt64();
        _nextReseed = reader.ReadInt64();
        _assignmentsAtReseed = reader.ReadInt64();
        _seeded = reader.ReadBoolean();
        Changes = reader.ReadInt64();
        Untracked = reader.ReadInt64();
        _random = new SplitMix64(reader.ReadUInt64());
    }
}
