namespace StreamGuard.Aws;

/// <summary>The AWS services StreamGuard calls.</summary>
public enum AwsService
{
    Kinesis,
    DynamoDb,
    S3,
    Sns,
    Sqs,
    Firehose,
    Kms,
    SecretsManager,
}
