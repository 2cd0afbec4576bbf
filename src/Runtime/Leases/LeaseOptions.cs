namespace StreamGuard.Runtime.Leases;

/// <summary>How workers share shards: lease timings and the worker's name in the lease table.</summary>
public sealed class LeaseOptions
{
    /// <summary>This worker's owner name in the lease table; unique per running worker.</summary>
    public string WorkerId { get; set; } = Environment.MachineName + "-" + Environment.ProcessId;

    /// <summary>The DynamoDB lease table (one item per shard).</summary>
    public string TableName { get; set; } = "streamguard-leases";

    /// <summary>A lease whose counter did not move for this long is expired and may be taken (KCL's failover time).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often held leases are renewed and the table is scanned for leases to take; well below <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the shard list is compared with the lease table (new shards after a reshard get leases).</summary>
    public TimeSpan ShardSyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Leases stolen from an over-loaded worker in one pass (KCL steals one at a time).</summary>
    public int MaxLeasesToStealAtOnce { get; set; } = 1;
}
