using StreamGuard.Core.Storage;
using System.Globalization;
using System.Text.RegularExpressions;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Runtime.Sinks.Files;

/// <summary>
/// Writes each batch's lines of one feed as one file named by the shard and the sequence-number
/// range it covers, laid out as Firehose lays out S3 objects by arrival time (UTC):
/// <c>feed/YYYY/MM/dd/HH/streamguard-feed-1-YYYY-MM-dd-HH-mm-ss-shard-first-last.ndjson</c>.
/// A file appears whole or not at all (written aside, then renamed), and the names are the feed's
/// progress marks: after a restart, records at or below a shard's highest written sequence number
/// are not written again, so a batch delivered twice appears once.
/// </summary>
public sealed partial class RangeNdjsonWriter
{
    private const string PartialSuffix = ".partial";
    private readonly string _root;
    private readonly string _feed;
    private readonly Dictionary<string, string> _marks = new(StringComparer.Ordinal);

    public RangeNdjsonWriter(string root, string feed)
    {
        _root = root;
        _feed = feed;
        ScanMarks();
    }

    public int FilesWritten { get; private set; }

    /// <summary>The highest sequence number of <paramref name="shardId"/> already in this feed, or null.</summary>
    public string? MarkOf(string shardId) => _marks.GetValueOrDefault(shardId);

    /// <summary>Writes the lines (each ending in '\n') of the records <paramref name="first"/>..<paramref name="last"/> of a shard.</summary>
    public void Write(ReadOnlySpan<byte> lines, string shardId, string first, string last, DateTimeOffset now)
    {
        if (!lines.IsEmpty)
        {
            string folder = FeedLayout.CreateFolder(_root, _feed, now.UtcDateTime);
            string name = FeedLayout.FileName(_feed, now.UtcDateTime, $"{shardId}-{first}-{last}");
            string path = Path.Combine(folder, name);
            string partial = Path.Combine(folder, "." + name + PartialSuffix);
            using (var file = new FileStream(partial, DataFolderPermissions.OwnerOnly(FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)))
            {
                file.Write(lines);
                file.Flush(flushToDisk: false);
            }

            File.Move(partial, path, overwrite: true);
            FilesWritten++;
        }

        if (_marks.TryGetValue(shardId, out string? mark) is false || SequenceNumbers.Compare(last, mark) > 0)
        {
            _marks[shardId] = last;
        }
    }

    private void ScanMarks()
    {
        string feedRoot = Path.Combine(_root, _feed);
        if (!Directory.Exists(feedRoot))
        {
            return;
        }

        foreach (string path in Directory.EnumerateFiles(feedRoot, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(path);
            if (name.EndsWith(PartialSuffix, StringComparison.Ordinal))
            {
                // A batch whose file was not finished before a crash: it is delivered again.
                File.Delete(path);
                continue;
            }

            Match match = RangeName().Match(name);
            if (match.Success)
            {
                string shard = match.Groups["shard"].Value;
                string last = match.Groups["last"].Value;
                if (!_marks.TryGetValue(shard, out string? mark) || SequenceNumbers.Compare(last, mark) > 0)
                {
                    _marks[shard] = last;
                }
            }
        }
    }

    [GeneratedRegex(@"-(?<shard>shardId-\d+)-(?<first>\d+)-(?<last>\d+)\.ndjson$", RegexOptions.CultureInvariant)]
    private static partial Regex RangeName();
}
