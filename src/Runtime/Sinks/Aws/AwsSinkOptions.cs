using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>Where the aws-mode sinks write: DynamoDB tables, the S3 archive, the report feed and the alert topic.</summary>
public sealed class AwsSinkOptions
{
    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamGuard:Aws:Sinks:TransactionsTable must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    [RegularExpression("^[a-zA-Z0-9_.-]{3,255}$", ErrorMessage = "StreamGuard:Aws:Sinks:TransactionsTable must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    public string TransactionsTable { get; set; } = "streamguard-transactions";

    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamGuard:Aws:Sinks:ProfilesTable must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    [RegularExpression("^[a-zA-Z0-9_.-]{3,255}$", ErrorMessage = "StreamGuard:Aws:Sinks:ProfilesTable must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    public string ProfilesTable { get; set; } = "streamguard-profiles";

    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamGuard:Aws:Sinks:AggregatesTable must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    [RegularExpression("^[a-zA-Z0-9_.-]{3,255}$", ErrorMessage = "StreamGuard:Aws:Sinks:AggregatesTable must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    public string AggregatesTable { get; set; } = "streamguard-aggregates";

    /// <summary>Budgets, segments and duplicates, one partition per customer (<see cref="DynamoDbInsightItems"/>).</summary>
    public string InsightsTable { get; set; } = "streamguard-insights";

    /// <summary>Analysts' verdicts (the console writes them; workers read the waiting ones as labels).</summary>
    public string VerdictsTable { get; set; } = "streamguard-verdicts";

    /// <summary>S3 bucket of the archive (and of the report feed when no Firehose delivery stream is set).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamGuard:Aws:Sinks:ArchiveBucket must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'.")]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "StreamGuard:Aws:Sinks:ArchiveBucket must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'.")]
    public string ArchiveBucket { get; set; } = "";

    [RegularExpression("^(?:[^/].*/)?$", ErrorMessage = "StreamGuard:Aws:Sinks:ArchivePrefix must be empty or end with '/' and not start with one.")]
    public string ArchivePrefix { get; set; } = "archive/";

    /// <summary>Where the report feed lands in the bucket when written straight to S3 (Firehose's key layout below it).</summary>
    [RegularExpression("^(?:[^/].*/)?$", ErrorMessage = "StreamGuard:Aws:Sinks:ReportPrefix must be empty or end with '/' and not start with one.")]
    public string ReportPrefix { get; set; } = "report/";

    /// <summary>Where in the bucket the privacy-budget ledger keeps one object per DP release, shared by every worker.</summary>
    [RegularExpression("^(?:[^/].*/)?$", ErrorMessage = "StreamGuard:Aws:Sinks:PrivacyLedgerPrefix must be empty or end with '/' and not start with one.")]
    public string PrivacyLedgerPrefix { get; set; } = "privacy-ledger/";

    /// <summary>
    /// DynamoDB table that makes each DP window one release for the whole fleet: shard partials, the claim,
    /// the released values and the horizon's budget (<see cref="DynamoDbReleaseCoordinator"/>), keyed by stream.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "StreamGuard:Aws:Sinks:ReleasesTable must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    [RegularExpression("^[a-zA-Z0-9_.-]{3,255}$", ErrorMessage = "StreamGuard:Aws:Sinks:ReleasesTable must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-'.")]
    public string ReleasesTable { get; set; } = "streamguard-releases";

    /// <summary>Firehose delivery stream of the report feed; empty: write the feed to S3 directly.</summary>
    [RegularExpression("^[a-zA-Z0-9_.-]{1,128}$", ErrorMessage = "StreamGuard:Aws:Sinks:FirehoseDeliveryStream must be 1-64 letters, digits, '_', '.' or '-'.")]
    public string? FirehoseDeliveryStream { get; set; }

    /// <summary>SNS topic ARN for alerts; empty: alerts are archived but not published.</summary>
    [RegularExpression("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[a-zA-Z0-9_-]{1,256}$", ErrorMessage = "StreamGuard:Aws:Sinks:AlertTopicArn must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:streamguard-alerts.")]
    public string? AlertTopicArn { get; set; }

    /// <summary>Kinesis stream the workers publish live updates to (what LiveView tails in aws mode); empty: none.</summary>
    [RegularExpression("^[a-zA-Z0-9_.-]{1,128}$", ErrorMessage = "StreamGuard:Aws:Sinks:LiveStreamName must be 1-128 letters, digits, '_', '.' or '-'.")]
    public string? LiveStreamName { get; set; }

    /// <summary>
    /// Items per (customer window, start) in the aggregates table: customers are hashed into this many
    /// items, so a batch costs at most this many counter writes per customer window it touches. An item
    /// holds about 100 bytes per customer and DynamoDB caps items at 400 KB: keep it above the customers
    /// active in one window divided by 3,000. Changing it needs a new aggregates table (a replay must
    /// find a customer in the item that already counted it).
    /// </summary>
    [SettingRange(1, 1024, ErrorMessage = "StreamGuard:Aws:Sinks:CustomerCounterBuckets must be 1 to 1024.")]
    public int CustomerCounterBuckets { get; set; } = 64;

    /// <summary>Concurrent DynamoDB writes per batch.</summary>
    [SettingRange(1, 64, ErrorMessage = "StreamGuard:Aws:Sinks:WriteParallelism must be 1 to 64.")]
    public int WriteParallelism { get; set; } = 16;
}
