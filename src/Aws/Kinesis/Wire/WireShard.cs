namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis Shard.</summary>
internal sealed record WireShard(string ShardId, string? ParentShardId, string? AdjacentParentShardId, WireHashKeyRange HashKeyRange, WireSequenceNumberRange SequenceNumberRange);
