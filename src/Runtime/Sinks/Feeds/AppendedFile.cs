namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// One open file of an output's event hour: written as a hidden file, renamed when finished to
/// <c>{shard}-{first}-{last}.ndjson</c> after the shard and first record of the batch that opened it and
/// the last record of that shard it holds (lines of other shards' batches are in it too).
/// </summary>
internal sealed class AppendedFile(DateTime hour, string shardId, string first, string hiddenPath, FileStream stream, long opened) : IDisposable
{
    public DateTime Hour { get; } = hour;

    public string ShardId { get; } = shardId;

    public string First { get; } = first;

    /// <summary>The last record of <see cref="ShardId"/> whose lines it holds.</summary>
    public string Last { get; set; } = first;

    public string HiddenPath { get; } = hiddenPath;

    public FileStream Stream { get; } = stream;

    /// <summary>Bytes written (every line whole).</summary>
    public long Length { get; set; }

    /// <summary>When it was opened (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Opened { get; } = opened;

    /// <summary>The output's append count when this file was last appended to.</summary>
    public long LastAppend { get; set; }

    public void Dispose() => Stream.Dispose();
}
