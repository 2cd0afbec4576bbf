namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>What an object's name says: the shard, the sequence-number range, and which part of how many.</summary>
public readonly record struct FeedRangeName(string ShardId, string First, string Last, int Part, int Parts);
