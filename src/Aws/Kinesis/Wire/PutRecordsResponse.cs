namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis PutRecords response: one result per entry, in request order.</summary>
internal sealed record PutRecordsResponse(int? FailedRecordCount, List<PutRecordsResultEntry> Records);
