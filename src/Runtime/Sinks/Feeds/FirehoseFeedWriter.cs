using StreamGuard.Aws.Firehose;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// Sends each line as one Firehose record (PutRecordBatch, at most 500 records and 4 MiB a call, the
/// '\n' kept: Firehose adds no delimiter). Firehose lays out its own S3 keys and delivers at least once,
/// so this writer is not keyed: a replayed batch may appear twice. Records still refused after the
/// retries make the write throw, so the batch is not checkpointed.
/// </summary>
public sealed class FirehoseFeedWriter : IFeedWriter
{
    public const int MaxAttempts = 6;
    private static readonly IReadOnlyDictionary<string, string> s_noMarks = new Dictionary<string, string>(StringComparer.Ordinal);
    private readonly FirehoseClient _firehose;
    private readonly string _deliveryStream;

    public FirehoseFeedWriter(FirehoseClient firehose, string deliveryStream)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryStream);
        _firehose = firehose;
        _deliveryStream = deliveryStream;
    }

    public string Name => "firehose";

    public bool Keyed => false;

    public Task<IReadOnlyDictionary<string, string>> ReadMarksAsync(string output, CancellationToken cancellationToken) => Task.FromResult(s_noMarks);

    public async Task WriteAsync(FeedObject feedObject, CancellationToken cancellationToken)
    {
        var chunk = new List<ReadOnlyMemory<byte>>(Math.Min(feedObject.LineCount, FirehoseClient.MaxRecordsPerBatch));
        long bytes = 0;
        ReadOnlyMemory<byte> rest = feedObject.Lines;
        while (!rest.IsEmpty)
        {
            int end = rest.Span.IndexOf((byte)'\n');
            ReadOnlyMemory<byte> record = end < 0 ? rest : rest[..(end + 1)];
            rest = rest[record.Length..];
            if (chunk.Count == FirehoseClient.MaxRecordsPerBatch || bytes + record.Length > FirehoseClient.MaxBytesPerBatch)
            {
                await PutAsync(chunk, cancellationToken).ConfigureAwait(false);
                chunk = new List<ReadOnlyMemory<byte>>(FirehoseClient.MaxRecordsPerBatch);
                bytes = 0;
            }

            chunk.Add(record);
            bytes += record.Length;
        }

        if (chunk.Count > 0)
        {
            await PutAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PutAsync(List<ReadOnlyMemory<byte>> chunk, CancellationToken cancellationToken)
    {
        FirehoseBatchResult result = await _firehose.PutRecordBatchWithRetryAsync(_deliveryStream, chunk, MaxAttempts, cancellationToken).ConfigureAwait(false);
        if (result.FailedPutCount > 0)
        {
            // Not accepted means not checkpointed: the batch is delivered again after a restart.
            throw new InvalidOperationException($"Firehose '{_deliveryStream}' refused {result.FailedPutCount} records after {MaxAttempts} attempts.");
        }
    }
}
