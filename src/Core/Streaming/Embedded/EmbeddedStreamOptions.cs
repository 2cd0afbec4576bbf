using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Core.Streaming.Embedded;

/// <summary>Settings of the in-process stream.</summary>
public sealed class EmbeddedStreamOptions
{
    [SettingRange(1, 1024, ErrorMessage = "StreamGuard:Stream:ShardCount must be 1 to 1024.")]
    public int ShardCount { get; set; } = 4;

    /// <summary>Records a shard holds before writers wait for the consumer to checkpoint.</summary>
    [SettingRange(1_000, int.MaxValue, ErrorMessage = "StreamGuard:Stream:ShardCapacity must be at least 1000 records.")]
    public int ShardCapacity { get; set; } = 50_000;
}
