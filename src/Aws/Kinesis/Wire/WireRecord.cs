namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis Record; Data is base64 on the wire, ApproximateArrivalTimestamp epoch seconds.</summary>
internal sealed record WireRecord(string SequenceNumber, string PartitionKey, byte[] Data, double? ApproximateArrivalTimestamp);
