using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace StreamGuard.Runtime.Hosting;

/// <summary>Checks every aws-mode setting at start and reports all problems at once, each naming its setting.</summary>
public sealed partial class AwsWorkerOptionsValidator : IValidateOptions<AwsWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, AwsWorkerOptions options)
    {
        var errors = new List<string>();
        const string S = AwsWorkerOptions.Section;
        if (!StreamName().IsMatch(options.StreamName))
        {
            errors.Add($"{S}:StreamName must be 1-128 letters, digits, '_', '.' or '-' (got '{options.StreamName}').");
        }

        if (options.ShardCount is < 1 or > 500)
        {
            errors.Add($"{S}:ShardCount must be 1 to 500 (got {options.ShardCount}).");
        }

        CheckTable(errors, $"{S}:Leases:TableName", options.Leases.TableName);
        CheckTable(errors, $"{S}:Sinks:TransactionsTable", options.Sinks.TransactionsTable);
        CheckTable(errors, $"{S}:Sinks:ProfilesTable", options.Sinks.ProfilesTable);
        CheckTable(errors, $"{S}:Sinks:AggregatesTable", options.Sinks.AggregatesTable);
        if (string.IsNullOrWhiteSpace(options.Leases.WorkerId) || options.Leases.WorkerId.Length > 256)
        {
            errors.Add($"{S}:Leases:WorkerId must be 1-256 characters.");
        }

        if (options.Leases.LeaseDuration < TimeSpan.FromSeconds(1) || options.Leases.LeaseDuration > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{S}:Leases:LeaseDuration must be 1 second to 10 minutes (got {options.Leases.LeaseDuration}).");
        }

        if (options.Leases.RenewInterval <= TimeSpan.Zero || options.Leases.RenewInterval * 2 > options.Leases.LeaseDuration)
        {
            errors.Add($"{S}:Leases:RenewInterval must be positive and at most half of LeaseDuration (got {options.Leases.RenewInterval}), or leases expire between renewals.");
        }

        if (options.Leases.ShardSyncInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{S}:Leases:ShardSyncInterval must be at least 100 ms (got {options.Leases.ShardSyncInterval}).");
        }

        if (options.Leases.MaxLeasesToStealAtOnce is < 1 or > 100)
        {
            errors.Add($"{S}:Leases:MaxLeasesToStealAtOnce must be 1 to 100 (got {options.Leases.MaxLeasesToStealAtOnce}).");
        }

        if (!Bucket().IsMatch(options.Sinks.ArchiveBucket))
        {
            errors.Add($"{S}:Sinks:ArchiveBucket must be an S3 bucket name: 3-63 lowercase letters, digits, '.' or '-' (got '{options.Sinks.ArchiveBucket}').");
        }

        CheckPrefix(errors, $"{S}:Sinks:ArchivePrefix", options.Sinks.ArchivePrefix);
        CheckPrefix(errors, $"{S}:Sinks:ReportPrefix", options.Sinks.ReportPrefix);
        CheckPrefix(errors, $"{S}:Sinks:PrivacyLedgerPrefix", options.Sinks.PrivacyLedgerPrefix);
        if (!string.IsNullOrEmpty(options.Sinks.FirehoseDeliveryStream) && !StreamName().IsMatch(options.Sinks.FirehoseDeliveryStream))
        {
            errors.Add($"{S}:Sinks:FirehoseDeliveryStream must be 1-64 letters, digits, '_', '.' or '-' (got '{options.Sinks.FirehoseDeliveryStream}').");
        }

        if (!string.IsNullOrEmpty(options.Sinks.LiveStreamName) && !StreamName().IsMatch(options.Sinks.LiveStreamName))
        {
            errors.Add($"{S}:Sinks:LiveStreamName must be 1-128 letters, digits, '_', '.' or '-' (got '{options.Sinks.LiveStreamName}').");
        }

        if (!string.IsNullOrEmpty(options.Sinks.AlertTopicArn) && !TopicArn().IsMatch(options.Sinks.AlertTopicArn))
        {
            errors.Add($"{S}:Sinks:AlertTopicArn must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:streamguard-alerts (got '{options.Sinks.AlertTopicArn}').");
        }

        if (options.Sinks.WriteParallelism is < 1 or > 64)
        {
            errors.Add($"{S}:Sinks:WriteParallelism must be 1 to 64 (got {options.Sinks.WriteParallelism}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckTable(List<string> errors, string setting, string table)
    {
        if (!TableName().IsMatch(table))
        {
            errors.Add($"{setting} must be a DynamoDB table name: 3-255 letters, digits, '_', '.' or '-' (got '{table}').");
        }
    }

    private static void CheckPrefix(List<string> errors, string setting, string prefix)
    {
        if (prefix.Length > 0 && (!prefix.EndsWith('/') || prefix.StartsWith('/')))
        {
            errors.Add($"{setting} must be empty or end with '/' and not start with one (got '{prefix}').");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,128}$")]
    private static partial Regex StreamName();

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$")]
    private static partial Regex TableName();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex Bucket();

    [GeneratedRegex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[a-zA-Z0-9_-]{1,256}$")]
    private static partial Regex TopicArn();
}
