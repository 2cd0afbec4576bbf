namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis PutRecordsRequestEntry; Data is written as base64.</summary>
internal sealed record PutRecordsRequestEntry(ReadOnlyMemory<byte> Data, string PartitionKey, string? ExplicitHashKey);
