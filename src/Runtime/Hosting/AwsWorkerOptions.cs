using StreamGuard.Runtime.Leases;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Runtime.Hosting;

/// <summary>aws-mode settings, bound from "StreamGuard:Aws" (endpoints and region are in the "Aws" section).</summary>
public sealed class AwsWorkerOptions
{
    public const string Section = "StreamGuard:Aws";

    /// <summary>The Kinesis stream the workers share.</summary>
    public string StreamName { get; set; } = "";

    /// <summary>Create the stream, tables and bucket when missing (local emulators, first deployment).</summary>
    public bool CreateResources { get; set; }

    /// <summary>Shards of the stream when <see cref="CreateResources"/> creates it.</summary>
    public int ShardCount { get; set; } = 4;

    /// <summary>
    /// Key prefix, in the archive bucket, of each worker's learned state (<c>{prefix}{stream}/{workerId}.state</c>).
    /// A restarted worker restores its state only under the same Leases:WorkerId: give workers stable ids.
    /// </summary>
    public string StatePrefix { get; set; } = "state/";

    public LeaseOptions Leases { get; set; } = new();

    public AwsSinkOptions Sinks { get; set; } = new();
}
