namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>The part of DescribeStreamSummary StreamGuard reads.</summary>
internal sealed record StreamDescriptionSummary(string StreamName, string? StreamARN, string StreamStatus, int? OpenShardCount, int? RetentionPeriodHours);
