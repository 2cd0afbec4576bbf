namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis PutRecordsResultEntry: a sequence number, or an error code.</summary>
internal sealed record PutRecordsResultEntry(string? SequenceNumber, string? ShardId, string? ErrorCode, string? ErrorMessage);
