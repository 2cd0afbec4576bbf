using Amazon.S3;
using StreamGuard.Aws.Firehose;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>aws mode's choice of writer per output: S3 for every output, Firehose for the report when a delivery stream is set.</summary>
public static class AwsFeedWriters
{
    public static Func<string, IFeedWriter> For(IAmazonS3 s3, FirehoseClient? firehose, AwsSinkOptions options)
    {
        var s3Writer = new S3FeedWriter(
            s3,
            options.ArchiveBucket,
            new Dictionary<string, string>(StringComparer.Ordinal) { [FeedOutputs.Archive] = options.ArchivePrefix, [FeedOutputs.Report] = options.ReportPrefix });
        IFeedWriter report = string.IsNullOrWhiteSpace(options.FirehoseDeliveryStream)
            ? s3Writer
            : new FirehoseFeedWriter(firehose ?? throw new ArgumentException("The report feed needs a Firehose client when a delivery stream is set.", nameof(firehose)), options.FirehoseDeliveryStream);
        return output => output == FeedOutputs.Report ? report : s3Writer;
    }
}
