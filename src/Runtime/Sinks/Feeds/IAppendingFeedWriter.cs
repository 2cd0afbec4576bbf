namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// A writer that appends each batch's lines to one open file per output and event hour, across
/// batches and shards, instead of writing an object per batch and hour (a year-long replay made
/// thousands of small files). The files keep the <c>{output}/dt=YYYY-MM-DD/hour=HH/</c> layout.
/// </summary>
public interface IAppendingFeedWriter : IFeedWriter
{
    /// <summary>
    /// Appends a batch's objects of <paramref name="output"/> (records <paramref name="first"/> to
    /// <paramref name="last"/> of <paramref name="shardId"/>); when it returns, the lines and the output's
    /// mark are durable together.
    /// </summary>
    Task AppendAsync(string output, string shardId, string first, string last, IReadOnlyList<FeedObject> objects, CancellationToken cancellationToken);

    /// <summary>Finishes every open file of <paramref name="output"/> (the run is over).</summary>
    void Close(string output);
}
