using System.Globalization;
using StreamGuard.Core.Aws.Firehose;
using StreamGuard.Pipeline;
using StreamGuard.Privacy.Differential;
using Amazon.S3;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// The report feed (what QuickSight and Athena read): the differentially private releases of
/// closed windows (<see cref="PrivateCategoryReport"/>, the same as embedded mode's report folder),
/// never exact window totals: those stay in the customer's own view (DynamoDB aggregates).
/// Each release is paid for in the privacy ledger before it is sent. Lines go through Firehose
/// when a delivery stream is configured, else straight to S3 in Firehose's key layout
/// (<c>{prefix}YYYY/MM/dd/HH/...</c>) under a key fixed by the batch that closed the windows.
/// Through Firehose delivery is at least once. A batch that fails here stops the worker: its
/// releases are already paid for and are not sent again (the budget errs on the safe side).
/// </summary>
public sealed class ReportFeedSink : IBatchSink
{
    private const int MaxAttempts = 6;
    private readonly FirehoseClient? _firehose;
    private readonly IAmazonS3? _s3;
    private readonly AwsSinkOptions _options;
    private readonly PrivateCategoryReport _report;

    public ReportFeedSink(FirehoseClient? firehose, IAmazonS3? s3, AwsSinkOptions options, PrivateCategoryReport report)
    {
        if (string.IsNullOrWhiteSpace(options.FirehoseDeliveryStream) ? s3 is null : firehose is null)
        {
            throw new ArgumentException("The report feed needs a Firehose client when a delivery stream is set, else an S3 client.");
        }

        _firehose = firehose;
        _s3 = s3;
        _options = options;
        _report = report;
    }

    /// <summary>The DP releases and their budget ledger.</summary>
    public PrivateCategoryReport Report => _report;

    public string Name => "report-feed";

    /// <summary>The S3 key of a batch's report object, in Firehose's date layout.</summary>
    public static string Key(string prefix, DateTimeOffset arrival, string shardId, string first, string last)
    {
        DateTime utc = arrival.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{utc:yyyy/MM/dd/HH}/streamguard-report-{shardId}-{first}-{last}.ndjson.gz");
    }

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<CategoryRelease> releases = await _report.ObserveAsync(batch, cancellationToken).ConfigureAwait(false);
        if (releases.Count == 0)
        {
            return;
        }

        if (_firehose is not null)
        {
            await SendToFirehoseAsync(releases, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var lines = new NdjsonBuffer();
        foreach (CategoryRelease release in releases)
        {
            lines.Append(release, PrivacyJsonContext.Default.CategoryRelease);
        }

        string key = Key(_options.ReportPrefix, batch.Items[0].Record.ApproximateArrivalTimestamp, batch.ShardId, batch.Items[0].Record.SequenceNumber, batch.LastSequenceNumber);
        await S3Objects.PutGzipAsync(_s3!, _options.ArchiveBucket, key, lines.Written, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendToFirehoseAsync(IReadOnlyList<CategoryRelease> releases, CancellationToken cancellationToken)
    {
        var records = new List<ReadOnlyMemory<byte>>(releases.Count);
        foreach (CategoryRelease release in releases)
        {
            using var line = new NdjsonBuffer();
            line.Append(release, PrivacyJsonContext.Default.CategoryRelease);
            records.Add(line.Written.ToArray());
        }

        var chunk = new List<ReadOnlyMemory<byte>>(FirehoseClient.MaxRecordsPerBatch);
        long bytes = 0;
        foreach (ReadOnlyMemory<byte> record in records)
        {
            if (chunk.Count == FirehoseClient.MaxRecordsPerBatch || bytes + record.Length > FirehoseClient.MaxBytesPerBatch)
            {
                await PutAsync(chunk, cancellationToken).ConfigureAwait(false);
                chunk = new List<ReadOnlyMemory<byte>>(FirehoseClient.MaxRecordsPerBatch);
                bytes = 0;
            }

            chunk.Add(record);
            bytes += record.Length;
        }

        await PutAsync(chunk, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutAsync(List<ReadOnlyMemory<byte>> chunk, CancellationToken cancellationToken)
    {
        FirehoseBatchResult result = await _firehose!.PutRecordBatchWithRetryAsync(_options.FirehoseDeliveryStream!, chunk, MaxAttempts, cancellationToken).ConfigureAwait(false);
        if (result.FailedPutCount > 0)
        {
            // Not accepted means not checkpointed: the batch is delivered again after a restart.
            throw new InvalidOperationException($"Firehose '{_options.FirehoseDeliveryStream}' refused {result.FailedPutCount} report records after {MaxAttempts} attempts.");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
