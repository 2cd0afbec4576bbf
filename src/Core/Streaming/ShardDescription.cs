using System.Numerics;

namespace StreamGuard.Core.Streaming;

/// <summary>A shard and its lineage (Kinesis's Shard): children are read only after their parents end.</summary>
public sealed record ShardDescription(
    string ShardId,
    string? ParentShardId,
    string? AdjacentParentShardId,
    BigInteger StartingHashKey,
    BigInteger EndingHashKey,
    string StartingSequenceNumber,
    string? EndingSequenceNumber)
{
    /// <summary>A closed shard has an ending sequence number: it receives no more records.</summary>
    public bool IsClosed => EndingSequenceNumber is not null;
}
