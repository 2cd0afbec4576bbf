namespace StreamGuard.Runtime.Leases;

/// <summary>The sentinel checkpoint values the KCL uses besides sequence numbers.</summary>
public static class LeaseCheckpoints
{
    public const string TrimHorizon = "TRIM_HORIZON";
    public const string Latest = "LATEST";
    public const string ShardEnd = "SHARD_END";

    /// <summary>The sequence number to resume after, or null when the shard starts from its initial position.</summary>
    public static string? ResumeAfter(string checkpoint) =>
        checkpoint is TrimHorizon or Latest ? null
        : checkpoint == ShardEnd ? throw new InvalidOperationException("A shard at SHARD_END has nothing left to read.")
        : checkpoint;
}
