namespace StreamGuard.Aws.Firehose.Wire;

/// <summary>Firehose PutRecordBatch request.</summary>
internal sealed record PutRecordBatchRequest(string DeliveryStreamName, List<FirehoseWireRecord> Records);
