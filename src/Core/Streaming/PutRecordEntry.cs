namespace StreamGuard.Core.Streaming;

/// <summary>A record to put (Kinesis's PutRecordsRequestEntry).</summary>
public sealed record PutRecordEntry(string PartitionKey, ReadOnlyMemory<byte> Data);

/// <summary>The outcome of one entry of a put: a sequence number, or an error code to retry on.</summary>
public sealed record PutRecordResult(string? ShardId, string? SequenceNumber, string? ErrorCode = null, string? ErrorMessage = null)
{
    public bool Succeeded => ErrorCode is null;
}

/// <summary>The outcome of a put, entry by entry in request order.</summary>
public sealed record PutRecordsResult(IReadOnlyList<PutRecordResult> Records)
{
    public int FailedRecordCount => Records.Count(r => !r.Succeeded);
}
