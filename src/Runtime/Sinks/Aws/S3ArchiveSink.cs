using Amazon.S3;
using StreamGuard.Core.Model;
using StreamGuard.Core.Serialization;
using StreamGuard.Pipeline;
using StreamGuard.Privacy;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>
/// The S3 archive: one gzip NDJSON object of anonymised, enriched transactions per batch, partitioned
/// by date and hour, under a key fixed by the batch (shard, first and last sequence number). Dead
/// letters go beside it with their payload sealed; alerts too, so the archive is complete without SNS;
/// and the late events (records that missed closed windows), so none is lost in silence.
/// </summary>
public sealed class S3ArchiveSink : IBatchSink
{
    public const string DeadLetterPrefix = "dead-letters/";
    public const string AlertPrefix = "alerts/";
    public const string LateEventPrefix = "late-events/";
    private readonly IAmazonS3 _s3;
    private readonly AwsSinkOptions _options;
    private readonly DeadLetterProtector _protector;

    public S3ArchiveSink(IAmazonS3 s3, AwsSinkOptions options, DeadLetterProtector protector)
    {
        _s3 = s3;
        _options = options;
        _protector = protector;
    }

    public string Name => "s3-archive";

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        using var archive = new NdjsonBuffer();
        using var deadLetters = new NdjsonBuffer();
        foreach (PipelineItem item in batch.Items)
        {
            if (item.DeadLetter is { } d)
            {
                deadLetters.Append(d with { Payload = _protector.Seal(d.Payload) }, CoreJsonContext.Default.DeadLetter);
            }
            else if (item.IsLive && !item.OutputJson.IsEmpty)
            {
                archive.AppendEncoded(item.OutputJson.Span);
            }
            else if (item.IsLive)
            {
                archive.Append(item.Output!, CoreJsonContext.Default.EnrichedTransaction);
            }
        }

        var puts = new List<Task>(3);
        if (archive.Lines > 0)
        {
            puts.Add(S3Objects.PutGzipAsync(_s3, _options.ArchiveBucket, Key(batch, _options.ArchivePrefix), archive.Written, cancellationToken));
        }

        if (deadLetters.Lines > 0)
        {
            puts.Add(S3Objects.PutGzipAsync(_s3, _options.ArchiveBucket, Key(batch, DeadLetterPrefix), deadLetters.Written, cancellationToken));
        }

        if (batch.Alerts.Count > 0)
        {
            using var alerts = new NdjsonBuffer();
            foreach (Alert alert in batch.Alerts)
            {
                alerts.Append(alert, CoreJsonContext.Default.Alert);
            }

            await S3Objects.PutGzipAsync(_s3, _options.ArchiveBucket, Key(batch, AlertPrefix), alerts.Written, cancellationToken).ConfigureAwait(false);
        }

        if (batch.Read<LateEvent>().Count > 0)
        {
            using var late = new NdjsonBuffer();
            foreach (LateEvent e in batch.Read<LateEvent>())
            {
                late.Append(e, WindowJsonContext.Default.LateEvent);
            }

            await S3Objects.PutGzipAsync(_s3, _options.ArchiveBucket, Key(batch, LateEventPrefix), late.Written, cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(puts).ConfigureAwait(false);
    }

    private static string Key(RecordBatch batch, string prefix) =>
        S3Objects.BatchKey(prefix, batch.Items[0].Record.ApproximateArrivalTimestamp, batch.ShardId, batch.Items[0].Record.SequenceNumber, batch.LastSequenceNumber, ".ndjson.gz");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
