namespace StreamGuard.Aws.Firehose.Wire;

/// <summary>Firehose Record; Data is base64 on the wire.</summary>
internal sealed record FirehoseWireRecord(ReadOnlyMemory<byte> Data);
