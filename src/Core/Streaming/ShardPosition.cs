namespace StreamGuard.Core.Streaming;

/// <summary>Where a shard iterator starts (Kinesis's ShardIteratorType).</summary>
public enum ShardIteratorType
{
    TrimHorizon,
    Latest,
    AtSequenceNumber,
    AfterSequenceNumber,
}

/// <summary>A starting position in a shard.</summary>
public readonly record struct ShardPosition(ShardIteratorType Type, string? SequenceNumber = null)
{
    public static ShardPosition TrimHorizon => new(ShardIteratorType.TrimHorizon);

    public static ShardPosition Latest => new(ShardIteratorType.Latest);

    public static ShardPosition After(string sequenceNumber) => new(ShardIteratorType.AfterSequenceNumber, sequenceNumber);
}
