namespace StreamGuard.Aws.Firehose.Wire;

/// <summary>Firehose PutRecordBatch response: one entry per record, in request order.</summary>
internal sealed record PutRecordBatchResponse(int FailedPutCount, bool? Encrypted, List<PutRecordBatchResponseEntry> RequestResponses);
