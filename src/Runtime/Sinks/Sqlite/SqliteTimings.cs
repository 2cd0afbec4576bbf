namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// What the store's commits and background log copies cost so far: how many, their total and their
/// longest duration (wall time). A commit runs on the delivery path, so its longest is a latency stall.
/// </summary>
public readonly record struct SqliteTimings(
    long Commits,
    TimeSpan CommitTime,
    TimeSpan LongestCommit,
    long Checkpoints,
    TimeSpan CheckpointTime,
    TimeSpan LongestCheckpoint,
    long LargestLogPages);
