using Polly;
using StreamGuard.Aws.Firehose.Wire;
using StreamGuard.Aws.Http;
using StreamGuard.Core.Resilience;

namespace StreamGuard.Aws.Firehose;

/// <summary>A thin Kinesis Data Firehose client (PutRecordBatch over AWS JSON 1.1). Firehose adds no delimiter: callers end records with '\n'.</summary>
public sealed class FirehoseClient
{
    public const int MaxRecordsPerBatch = 500;
    public const int MaxBytesPerBatch = 4 * 1024 * 1024;
    public const int MaxBytesPerRecord = 1000 * 1024;

    private static readonly FirehoseJsonContext s_json = FirehoseJsonContext.Default;

    private readonly AwsJsonClient _client;
    private readonly AwsClientContext _context;

    public FirehoseClient(AwsClientContext context)
    {
        _context = context;
        _client = new AwsJsonClient(context, AwsService.Firehose, "firehose", "Firehose_20150804");
    }

    public Uri Endpoint => _client.Endpoint;

    /// <summary>One PutRecordBatch call (itself retried on throttling and 5xx); failed records are reported, not thrown.</summary>
    public async Task<FirehoseBatchResult> PutRecordBatchAsync(string deliveryStreamName, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryStreamName);
        Validate(records);
        var wire = new List<FirehoseWireRecord>(records.Count);
        foreach (ReadOnlyMemory<byte> record in records)
        {
            wire.Add(new FirehoseWireRecord(record));
        }

        PutRecordBatchResponse response = await _client.InvokeAsync(
            "PutRecordBatch", new PutRecordBatchRequest(deliveryStreamName, wire), s_json.PutRecordBatchRequest, s_json.PutRecordBatchResponse, cancellationToken).ConfigureAwait(false);
        if (response.RequestResponses.Count != records.Count)
        {
            throw new AwsServiceException($"Firehose PutRecordBatch answered {response.RequestResponses.Count} results for {records.Count} records.");
        }

        var results = response.RequestResponses.Select(r => new FirehoseRecordResult(r.RecordId, r.ErrorCode, r.ErrorMessage)).ToArray();
        return new FirehoseBatchResult(results.Count(r => !r.Succeeded), results);
    }

    /// <summary>
    /// Puts a batch and re-sends only the records that failed, with jittered exponential backoff (<see cref="PartialBatchRetry"/>),
    /// until all succeed or <paramref name="maxAttempts"/> calls were made. Records still failing are in the result with their last error.
    /// </summary>
    public async Task<FirehoseBatchResult> PutRecordBatchWithRetryAsync(
        string deliveryStreamName, IReadOnlyList<ReadOnlyMemory<byte>> records, int maxAttempts, CancellationToken cancellationToken)
    {
        ResiliencePipeline<int> pipeline = PartialBatchRetry.CreatePipeline(
            maxAttempts, _context.Options.RetryBaseDelay, _context.Options.RetryMaxDelay, _context.Time);
        PartialBatchOutcome<FirehoseRecordResult> outcome = await PartialBatchRetry.ExecuteAsync(
            pipeline,
            records,
            async (batch, token) => (await PutRecordBatchAsync(deliveryStreamName, batch, token).ConfigureAwait(false)).Records,
            static r => r.Succeeded,
            cancellationToken).ConfigureAwait(false);
        return new FirehoseBatchResult(outcome.StillFailing, outcome.Results, outcome.Attempts);
    }

    private static void Validate(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        if (records.Count is 0 or > MaxRecordsPerBatch)
        {
            throw new ArgumentException($"PutRecordBatch takes 1 to {MaxRecordsPerBatch} records, got {records.Count}.", nameof(records));
        }

        long bytes = 0;
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Length > MaxBytesPerRecord)
            {
                throw new ArgumentException($"Record {i}: {records[i].Length} bytes exceeds Firehose's {MaxBytesPerRecord}-byte record limit.", nameof(records));
            }

            bytes += records[i].Length;
        }

        if (bytes > MaxBytesPerBatch)
        {
            throw new ArgumentException($"The batch holds {bytes} bytes; PutRecordBatch takes at most {MaxBytesPerBatch}.", nameof(records));
        }
    }
}
