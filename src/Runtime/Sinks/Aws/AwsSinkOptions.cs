namespace StreamGuard.Runtime.Sinks.Aws;

/// <summary>Where the aws-mode sinks write: DynamoDB tables, the S3 archive, the report feed and the alert topic.</summary>
public sealed class AwsSinkOptions
{
    public string TransactionsTable { get; set; } = "streamguard-transactions";

    public string ProfilesTable { get; set; } = "streamguard-profiles";

    public string AggregatesTable { get; set; } = "streamguard-aggregates";

    /// <summary>Budgets, segments and duplicates, one partition per customer (<see cref="DynamoDbInsightItems"/>).</summary>
    public string InsightsTable { get; set; } = "streamguard-insights";

    /// <summary>Analysts' verdicts (the console writes them; workers read the waiting ones as labels).</summary>
    public string VerdictsTable { get; set; } = "streamguard-verdicts";

    /// <summary>S3 bucket of the archive (and of the report feed when no Firehose delivery stream is set).</summary>
    public string ArchiveBucket { get; set; } = "";

    public string ArchivePrefix { get; set; } = "archive/";

    /// <summary>Where the report feed lands in the bucket when written straight to S3 (Firehose's key layout below it).</summary>
    public string ReportPrefix { get; set; } = "report/";

    /// <summary>Where in the bucket the privacy-budget ledger keeps one object per DP release, shared by every worker.</summary>
    public string PrivacyLedgerPrefix { get; set; } = "privacy-ledger/";

    /// <summary>Firehose delivery stream of the report feed; empty: write the feed to S3 directly.</summary>
    public string? FirehoseDeliveryStream { get; set; }

    /// <summary>SNS topic ARN for alerts; empty: alerts are archived but not published.</summary>
    public string? AlertTopicArn { get; set; }

    /// <summary>Kinesis stream the workers publish live updates to (what LiveView tails in aws mode); empty: none.</summary>
    public string? LiveStreamName { get; set; }

    /// <summary>Concurrent DynamoDB writes per batch.</summary>
    public int WriteParallelism { get; set; } = 16;
}
