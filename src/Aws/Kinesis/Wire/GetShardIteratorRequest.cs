namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis GetShardIterator request.</summary>
internal sealed record GetShardIteratorRequest(string StreamName, string ShardId, string ShardIteratorType, string? StartingSequenceNumber);
