namespace StreamGuard.Core.Aws.Kinesis.Wire;

/// <summary>Kinesis DeleteStream request.</summary>
internal sealed record DeleteStreamRequest(string StreamName, bool EnforceConsumerDeletion);
