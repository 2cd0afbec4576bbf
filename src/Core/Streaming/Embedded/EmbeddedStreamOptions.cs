using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Core.Streaming.Embedded;

/// <summary>Settings of the in-process stream.</summary>
public sealed class EmbeddedStreamOptions
{
    [SettingRange(1, 1024, ErrorMessage = "StreamGuard:Stream:ShardCount must be 1 to 1024.")]
    public int ShardCount { get; set; } = 4;

    /// <summary>
    /// Records a shard holds before writers wait for the consumer to checkpoint. In-process records
    /// carry their decoded event too (about 1.5 KB each), and a source reading a file runs far ahead
    /// of the pipeline, so this bounds memory: 10,000 x 4 shards is about 60 MB, where 50,000 held
    /// most of a 250k-event input. It must stay above the ordered feed's block (2,000 at most).
    /// </summary>
    [SettingRange(1_000, int.MaxValue, ErrorMessage = "StreamGuard:Stream:ShardCapacity must be at least 1000 records.")]
    public int ShardCapacity { get; set; } = 10_000;
}
