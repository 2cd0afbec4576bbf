using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Runtime.Leases;

/// <summary>How workers share shards: lease timings and the worker's name in the lease table.</summary>
public sealed class LeaseOptions
{
    /// <summary>This worker's owner name in the lease table; unique per running worker.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamGuard:Aws:Leases:WorkerId must be 1-256 characters.")]
    [MaxLength(256, ErrorMessage = "StreamGuard:Aws:Leases:WorkerId must be 1-256 characters.")]
    public string WorkerId { get; set; } = Environment.MachineName + "-" + Environment.ProcessId;

    /// <summary>The DynamoDB lease table (one item per shard).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamGuard:Aws:Leases:TableName must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    [RegularExpression("^[a-zA-Z0-9_.-]{3,255}$", ErrorMessage = "StreamGuard:Aws:Leases:TableName must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    public string TableName { get; set; } = "streamguard-leases";

    /// <summary>A lease whose counter did not move for this long is expired and may be taken (KCL's failover time).</summary>
    [TimeSpanRange("00:00:01", "00:10:00", ErrorMessage = "StreamGuard:Aws:Leases:LeaseDuration must be 1 second to 10 minutes (got {0}).")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often held leases are renewed and the table is scanned for leases to take; well below <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the shard list is compared with the lease table (new shards after a reshard get leases).</summary>
    [TimeSpanRange("00:00:00.1", ErrorMessage = "StreamGuard:Aws:Leases:ShardSyncInterval must be at least 100 ms (got {0}).")]
    public TimeSpan ShardSyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A shard read to its tip (MillisBehindLatest 0) that has brought no record for this long counts as having
    /// passed every window and continual step the other shards have passed, so one quiet shard does not hold
    /// the fleet's DP releases back; a record it brings later for a window already released is counted late.
    /// </summary>
    [TimeSpanRange("00:00:01", "1.00:00:00", ErrorMessage = "StreamGuard:Aws:Leases:IdleShardTimeout must be 1 second to 1 day (got {0}).")]
    public TimeSpan IdleShardTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Leases stolen from an over-loaded worker in one pass (KCL steals one at a time).</summary>
    [SettingRange(1, 100, ErrorMessage = "StreamGuard:Aws:Leases:MaxLeasesToStealAtOnce must be 1 to 100.")]
    public int MaxLeasesToStealAtOnce { get; set; } = 1;
}
