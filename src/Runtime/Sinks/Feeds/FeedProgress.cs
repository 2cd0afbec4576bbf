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

    public byte[] Encode()
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach ((string shard, string mark) in Marks)
        {
            text.Append("mark ").Append(shard).Append(' ').Append(mark).Append('\n');
        }

        foreach ((DateTime hour, string shard, string first, string last, long length) in Open)
        {
            text.Append("open ").Append(hour.ToString(HourFormat, CultureInfo.InvariantCulture)).Append(' ').Append(shard).Append(' ').Append(first).Append(' ')
                .Append(last).Append(' ').Append(length.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.Append("end\n").ToString());
    }

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
