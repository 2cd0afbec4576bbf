namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis GetRecords response; NextShardIterator is null at SHARD_END.</summary>
internal sealed record GetRecordsResponse(List<WireRecord>? Records, string? NextShardIterator, long? MillisBehindLatest);
