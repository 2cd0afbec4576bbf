namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis PutRecords request.</summary>
internal sealed record PutRecordsRequest(string StreamName, List<PutRecordsRequestEntry> Records);
