namespace StreamGuard.Aws.Firehose;

/// <summary>The outcome of a PutRecordBatch, record by record in request order, and how many calls it took.</summary>
public sealed record FirehoseBatchResult(int FailedPutCount, IReadOnlyList<FirehoseRecordResult> Records, int Attempts = 1);
