namespace StreamGuard.Pipeline;

/// <summary>Where a shard with no checkpoint starts reading (Kinesis TRIM_HORIZON or LATEST).</summary>
public enum IteratorPosition
{
    /// <summary>The oldest record the stream still holds.</summary>
    TrimHorizon,

    /// <summary>Only records written after the reader starts.</summary>
    Latest,
}
