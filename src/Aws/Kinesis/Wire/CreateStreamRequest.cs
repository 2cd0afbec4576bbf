namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis CreateStream request.</summary>
internal sealed record CreateStreamRequest(string StreamName, int ShardCount);
