namespace StreamGuard.Aws.Tests.Emulators;

/// <summary>The endpoints tools/emulators/start.mjs prints as one JSON line.</summary>
public sealed record EmulatorEndpoints(string Kinesis, string DynamoDb, string S3, string Sns, string Sqs);
