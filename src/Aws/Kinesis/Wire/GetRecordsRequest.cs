namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis GetRecords request.</summary>
internal sealed record GetRecordsRequest(string ShardIterator, int Limit);
