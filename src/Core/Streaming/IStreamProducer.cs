namespace StreamGuard.Core.Streaming;

/// <summary>Writes records to a stream. Implemented by the embedded stream and the Kinesis client.</summary>
public interface IStreamProducer
{
    /// <summary>Puts up to <see cref="StreamLimits.MaxRecordsPerPut"/> records; failed entries are reported, not thrown.</summary>
    Task<PutRecordsResult> PutRecordsAsync(IReadOnlyList<PutRecordEntry> records, CancellationToken cancellationToken);
}
