using StreamGuard.Core.Storage;
using System.Globalization;

namespace StreamGuard.Runtime.Sinks.Files;

/// <summary>
/// Appends newline-delimited JSON to files laid out as Firehose lays out S3 objects:
/// <c>feed/YYYY/MM/dd/HH/streamguard-feed-1-YYYY-MM-dd-HH-mm-ss-uuid.ndjson</c> by arrival time (UTC).
/// A file is closed when the hour changes or it reaches its size limit.
/// </summary>
public sealed class RollingNdjsonWriter : IDisposable
{
    private readonly string _root;
    private readonly string _feed;
    private readonly long _maxBytes;
    private FileStream? _file;
    private DateTime _hour;

    public RollingNdjsonWriter(string root, string feed, long maxBytes = 64L * 1024 * 1024)
    {
        _root = root;
        _feed = feed;
        _maxBytes = maxBytes;
    }

    public int FilesWritten { get; private set; }

    /// <summary>Writes the lines (each already ending in '\n') and flushes them to the operating system.</summary>
    public void Write(ReadOnlySpan<byte> lines, DateTimeOffset now)
    {
        if (lines.IsEmpty)
        {
            return;
        }

        DateTime hour = new(now.UtcDateTime.Year, now.UtcDateTime.Month, now.UtcDateTime.Day, now.UtcDateTime.Hour, 0, 0, DateTimeKind.Utc);
        if (_file is null || hour != _hour || _file.Length >= _maxBytes)
        {
            Open(now.UtcDateTime, hour);
        }

        _file!.Write(lines);
        _file.Flush();
    }

    private void Open(DateTime now, DateTime hour)
    {
        _file?.Dispose();
        _hour = hour;
        string folder = FeedLayout.CreateFolder(_root, _feed, now);
        string name = FeedLayout.FileName(_feed, now, Guid.NewGuid().ToString("D"));
        _file = new FileStream(Path.Combine(folder, name), DataFolderPermissions.OwnerOnly(FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16));
        FilesWritten++;
    }

    public void Dispose() => _file?.Dispose();
}
