namespace StreamGuard.Privacy.Differential;

/// <summary>
/// One shard's exact contribution to one window, per category of the public list: transaction counts
/// and clamped cents, each person already bounded (a person's records all land on one shard, so the
/// shard's clamp is the person's). Internal to the release: summed across shards, noised once, never published.
/// </summary>
public sealed record WindowPartial(long StartTicks, long[] Counts, long[] Cents)
{
    public static WindowPartial Empty(long startTicks) => new(startTicks, new long[ReleaseCategories.All.Count], new long[ReleaseCategories.All.Count]);

    /// <summary>Adds <paramref name="other"/> (same window) into this partial.</summary>
    public void Add(WindowPartial other)
    {
        if (other.Counts.Length != Counts.Length || other.Cents.Length != Cents.Length)
        {
            throw new InvalidDataException($"A window partial has {other.Counts.Length} categories; the public list has {Counts.Length}.");
        }

        for (int i = 0; i < Counts.Length; i++)
        {
            Counts[i] += other.Counts[i];
            Cents[i] += other.Cents[i];
        }
    }
}
