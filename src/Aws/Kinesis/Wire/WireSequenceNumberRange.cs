namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis SequenceNumberRange; EndingSequenceNumber is set once the shard is closed.</summary>
internal sealed record WireSequenceNumberRange(string StartingSequenceNumber, string? EndingSequenceNumber);
