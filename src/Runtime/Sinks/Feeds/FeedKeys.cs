using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// The one key layout of every output in every mode: <c>{output}/dt=YYYY-MM-DD/hour=HH/{name}.ndjson</c>,
/// partitioned by event time so analysts prune by date (Athena/Glue read <c>dt=</c> and <c>hour=</c> as
/// partition columns). The name is the record range the lines come from,
/// <c>{shard}-{first}-{last}</c>, with <c>.{part}of{parts}</c> when one batch's lines span several objects
/// (several event hours, or more bytes than one object holds): a replay of the same range writes the
/// same names, so it overwrites instead of adding a copy.
/// </summary>
public static partial class FeedKeys
{
    public const string Extension = ".ndjson";

    public static string Key(string output, DateTime hour, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{output}/{Partition(hour)}/{name}{Extension}");

    /// <summary><c>dt=YYYY-MM-DD/hour=HH</c> of a UTC time.</summary>
    public static string Partition(DateTime utc) =>
        string.Create(CultureInfo.InvariantCulture, $"dt={utc:yyyy-MM-dd}/hour={utc:HH}");

    /// <summary>The name of part <paramref name="part"/> (1-based) of <paramref name="parts"/> of a range.</summary>
    public static string Name(string shardId, string first, string last, int part, int parts) =>
        parts == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{shardId}-{first}-{last}")
            : string.Create(CultureInfo.InvariantCulture, $"{shardId}-{first}-{last}.{part}of{parts}");

    /// <summary>Reads a file name written by <see cref="Name"/> followed by <see cref="Extension"/> (and an optional .gz).</summary>
    public static bool TryParse(string fileName, out FeedRangeName range)
    {
        Match match = RangeName().Match(fileName);
        if (!match.Success)
        {
            range = default;
            return false;
        }

        int parts = match.Groups["parts"].Success ? int.Parse(match.Groups["parts"].Value, CultureInfo.InvariantCulture) : 1;
        int part = match.Groups["part"].Success ? int.Parse(match.Groups["part"].Value, CultureInfo.InvariantCulture) : 1;
        range = new FeedRangeName(match.Groups["shard"].Value, match.Groups["first"].Value, match.Groups["last"].Value, part, parts);
        return true;
    }

    [GeneratedRegex(@"^(?<shard>shardId-\d+)-(?<first>\d+)-(?<last>\d+)(\.(?<part>\d+)of(?<parts>\d+))?\.ndjson(\.gz)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RangeName();
}
