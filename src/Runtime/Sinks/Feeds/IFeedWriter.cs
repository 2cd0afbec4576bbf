namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// Where the NDJSON outputs land: a local folder, S3 or Firehose. Every output (archive, report,
/// alerts, late events, dead letters, budgets, segments, duplicates) is written by one
/// <see cref="FeedSink"/> over a writer; the mode only picks the writer.
/// </summary>
public interface IFeedWriter
{
    /// <summary>What the writer writes to, for logs and the run summary.</summary>
    string Name { get; }

    /// <summary>
    /// Objects are named by the record range they hold (<see cref="FeedKeys"/>): a keyed writer puts an
    /// object whole or not at all, and the same name written again replaces it. False for a writer that
    /// only appends (Firehose: at-least-once).
    /// </summary>
    bool Keyed { get; }

    /// <summary>
    /// The highest sequence number per shard that <paramref name="output"/> already holds in full, read
    /// once at start so a replay with other batch boundaries writes no line twice. Empty when the writer
    /// cannot tell cheaply (S3 relies on replays overwriting the same keys; Firehose appends).
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ReadMarksAsync(string output, CancellationToken cancellationToken);

    /// <summary>Writes one object (its lines each end in '\n'); when it returns, the object is durable.</summary>
    Task WriteAsync(FeedObject feedObject, CancellationToken cancellationToken);
}
