namespace StreamGuard.Core.Streaming;

/// <summary>A record as a shard returns it (Kinesis's Record).</summary>
public sealed record StreamRecord(string SequenceNumber, string PartitionKey, ReadOnlyMemory<byte> Data, DateTimeOffset ApproximateArrivalTimestamp)
{
    /// <summary>
    /// In one process only: the value a writer encoded into <see cref="Data"/>, so a reader in the same
    /// process can take it without decoding the bytes again. Never crosses a process or the wire
    /// (Kinesis records have none); readers must treat it as read-only.
    /// </summary>
    public object? Decoded { get; init; }
}
