namespace StreamGuard.Aws.Kinesis;

/// <summary>A stream's name, ARN, status (CREATING, ACTIVE, UPDATING, DELETING) and open shard count.</summary>
public sealed record KinesisStreamSummary(string StreamName, string? StreamArn, string Status, int? OpenShardCount)
{
    public bool IsActive => Status == "ACTIVE";
}
