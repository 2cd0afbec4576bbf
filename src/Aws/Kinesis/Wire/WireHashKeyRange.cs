namespace StreamGuard.Aws.Kinesis.Wire;

/// <summary>Kinesis HashKeyRange: decimal strings of 128-bit hash keys.</summary>
internal sealed record WireHashKeyRange(string StartingHashKey, string EndingHashKey);
