namespace StreamGuard.Pipeline.State;

/// <summary>
/// One stage's saved state: the whole state in <see cref="Data"/>, or (an incremental stage saved to a
/// store that keeps items) its head in <see cref="Data"/> with the changed items in <see cref="Items"/>.
/// </summary>
public sealed record StageState(string Name, byte[] Data)
{
    /// <summary>
    /// The shard whose stage instance captured it, when the chain runs one instance per shard
    /// (<see cref="IShardPartitionedStage"/>); null for a chain shared by every shard. Not part of the
    /// stored form: a store that keeps state per shard writes each shard's states on their own.
    /// </summary>
    public string? Shard { get; init; }

    /// <summary>At a save: the items an incremental capture changed (null: <see cref="Data"/> is the whole state).</summary>
    public StateItems? Items { get; init; }

    /// <summary>At a restore: reads every item the store holds for this stage (null: <see cref="Data"/> is the whole state).</summary>
    public Func<IEnumerable<StateItem>>? LoadItems { get; init; }

    /// <summary>True when <see cref="Data"/> is only the head of an itemised state.</summary>
    public bool IsItemized => Items is not null || LoadItems is not null;

    /// <summary>How long the stage paused to capture it (not part of the stored form).</summary>
    public TimeSpan CaptureTime { get; init; }

    /// <summary>What this capture costs to store.</summary>
    public long Bytes => Items?.Bytes ?? Data.Length;
}
