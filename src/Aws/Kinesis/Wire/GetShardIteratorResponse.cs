namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis GetShardIterator response.</summary>
internal sealed record GetShardIteratorResponse(string ShardIterator);
