namespace StreamGuard.Aws.Firehose;

/// <summary>The outcome of one record of a batch: a record id, or the error to retry on.</summary>
public sealed record FirehoseRecordResult(string? RecordId, string? ErrorCode, string? ErrorMessage)
{
    public bool Succeeded => ErrorCode is null;
}
