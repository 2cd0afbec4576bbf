namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis SplitShard request.</summary>
internal sealed record SplitShardRequest(string StreamName, string ShardToSplit, string NewStartingHashKey);
