using System.Buffers;
using System.Globalization;
using System.Text;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// What an appended output holds: the highest sequence number per shard whose lines are all in it,
/// and the length up to which each open file holds whole batches. Kept in the hidden file
/// <c>{output}/.progress</c>, rewritten in place after every batch (one write, no new file), so a
/// crash leaves the open files' extra bytes to be cut back and their batches to be delivered again.
/// Text, one entry a line, ending in <c>end</c>: bytes after it (from a longer earlier version) are ignored.
/// </summary>
internal sealed class FeedProgress
{
    public const string FileName = ".progress";
    private const string Header = "streamguard-feed-progress 1";
    private const string HourFormat = "yyyy-MM-dd'T'HH";

    public Dictionary<string, string> Marks { get; } = new(StringComparer.Ordinal);

    /// <summary>Open files: event hour, the shard and first record that opened it, the last record of that shard in it, committed length.</summary>
    public List<(DateTime Hour, string ShardId, string First, string Last, long Length)> Open { get; } = [];

    /// <summary>
    /// Writes the record's UTF-8 to <paramref name="into"/>. Written piece by piece into the caller's
    /// reused buffer: a string built and encoded per batch and output was most of the files sink's
    /// own allocation.
    /// </summary>
    public void EncodeTo(ArrayBufferWriter<byte> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        Put(into, Header);
        Put(into, "\n");
        foreach ((string shard, string mark) in Marks)
        {
            Put(into, "mark ");
            Put(into, shard);
            Put(into, " ");
            Put(into, mark);
            Put(into, "\n");
        }

        foreach ((DateTime hour, string shard, string first, string last, long length) in Open)
        {
            Put(into, "open ");
            hour.TryFormat(into.GetSpan(32), out int written, HourFormat, CultureInfo.InvariantCulture);
            into.Advance(written);
            Put(into, " ");
            Put(into, shard);
            Put(into, " ");
            Put(into, first);
            Put(into, " ");
            Put(into, last);
            Put(into, " ");
            length.TryFormat(into.GetSpan(20), out written, default, CultureInfo.InvariantCulture);
            into.Advance(written);
            Put(into, "\n");
        }

        Put(into, "end\n");
    }

    private static void Put(ArrayBufferWriter<byte> into, string text) =>
        into.Advance(Encoding.UTF8.GetBytes(text, into.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));

    /// <summary>Reads <paramref name="path"/>; null when there is none. A file without its end line is an error, not guessed at.</summary>
    public static FeedProgress? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var progress = new FeedProgress();
        string[] lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        if (lines[0] != Header)
        {
            throw new InvalidDataException($"'{path}' is not a StreamGuard feed progress file.");
        }

        for (int i = 1; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split(' ');
            switch (parts)
            {
                case ["end"]:
                    return progress;
                case ["mark", string shard, string mark]:
                    progress.Marks[shard] = mark;
                    break;
                case ["open", string hour, string shard, string first, string last, string length]:
                    progress.Open.Add((DateTime.SpecifyKind(DateTime.ParseExact(hour, HourFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc), shard, first, last,
                        long.Parse(length, NumberStyles.None, CultureInfo.InvariantCulture)));
                    break;
                default:
                    throw new InvalidDataException($"'{path}' has an unreadable line {i + 1}.");
            }
        }

        throw new InvalidDataException($"'{path}' ends before its end line.");
    }
}
