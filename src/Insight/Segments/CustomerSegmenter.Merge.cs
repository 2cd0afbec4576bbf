namespace StreamGuard.Insight.Segments;

public sealed partial class CustomerSegmenter
{
    /// <summary>
    /// A merged shard's second parent: its customers' profiles join these, each placed in this segmenter's
    /// nearest segment (the two parents' cluster numbers need not match). The centroids and feature spreads,
    /// learned from every customer, stay this parent's.
    /// </summary>
    public void MergeState(BinaryReader reader)
    {
        var other = new CustomerSegmenter(_options);
        other.ReadState(reader);
        foreach ((string customer, CustomerProfile profile) in other._profiles)
        {
            if (!_profiles.TryAdd(customer, profile))
            {
                continue;
            }

            bool assigned = profile.Segment >= 0;
            profile.Segment = -1;
            if (assigned && _seeded)
            {
                Move(profile, Nearest(profile.Vector));
            }
        }

        _profiled += other._profiled;
        Untracked += other.Untracked;
    }
}
