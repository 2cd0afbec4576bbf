namespace StreamGuard.Core.Streaming.Embedded;

/// <summary>Settings of the in-process stream.</summary>
public sealed class EmbeddedStreamOptions
{
    public int ShardCount { get; set; } = 4;

    /// <summary>Records a shard holds before writers wait for the consumer to checkpoint.</summary>
    public int ShardCapacity { get; set; } = 50_000;
}
