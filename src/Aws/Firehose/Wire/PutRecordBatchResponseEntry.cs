namespace StreamGuard.Aws.Firehose.Wire;

/// <summary>Firehose PutRecordBatchResponseEntry: a record id, or an error code.</summary>
internal sealed record PutRecordBatchResponseEntry(string? RecordId, string? ErrorCode, string? ErrorMessage);
