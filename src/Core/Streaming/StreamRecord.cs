namespace StreamGuard.Core.Streaming;

/// <summary>A record as a shard returns it (Kinesis's Record).</summary>
public sealed record StreamRecord(string SequenceNumber, string PartitionKey, ReadOnlyMemory<byte> Data, DateTimeOffset ApproximateArrivalTimestamp);
