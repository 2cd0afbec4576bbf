namespace StreamGuard.Runtime.Sources;

/// <summary>One input a data folder has taken in: its number, identity, and whether it was consumed to the end.</summary>
public sealed record InputProgress(long Index, string Path, string Sha256, long Bytes, bool Complete, long Events, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);
