using StreamGuard.Core.Storage;
using System.Globalization;

namespace StreamGuard.Runtime.Sinks.Files;

/// <summary>
/// Where a feed's files go, laid out as Firehose lays out S3 objects by arrival time (UTC):
/// <c>feed/YYYY/MM/dd/HH/streamguard-feed-1-YYYY-MM-dd-HH-mm-ss-…ndjson</c>.
/// </summary>
internal static class FeedLayout
{
    /// <summary>The hour's folder, created owner-only.</summary>
    public static string CreateFolder(string root, string feed, DateTime utc)
    {
        string folder = Path.Combine(root, feed, utc.ToString("yyyy", CultureInfo.InvariantCulture), utc.ToString("MM", CultureInfo.InvariantCulture),
            utc.ToString("dd", CultureInfo.InvariantCulture), utc.ToString("HH", CultureInfo.InvariantCulture));
        DataFolderPermissions.CreateFolder(folder);
        return folder;
    }

    /// <summary>A file name: the feed, the arrival second, then <paramref name="suffix"/> (what makes it unique).</summary>
    public static string FileName(string feed, DateTime utc, string suffix) =>
        $"streamguard-{feed}-1-{utc.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture)}-{suffix}.ndjson";
}
