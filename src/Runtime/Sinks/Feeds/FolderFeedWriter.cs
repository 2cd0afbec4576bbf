using StreamGuard.Core.Storage;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// Embedded mode's writer: each object is a file <c>{root}/{output}/dt=YYYY-MM-DD/hour=HH/{name}.ndjson</c>,
/// owner-only, appearing whole or not at all (written aside, then renamed). The names are the output's
/// progress marks: at start, a shard's highest range held in full is its mark, and the parts of a range
/// left incomplete by a crash are removed (that range is delivered again).
/// </summary>
public sealed class FolderFeedWriter : IFeedWriter
{
    private const string PartialSuffix = ".partial";
    private readonly string _root;

    public FolderFeedWriter(string root) => _root = Path.GetFullPath(root);

    public string Name => "folder";

    public bool Keyed => true;

    public int FilesWritten { get; private set; }

    /// <summary>The file an object goes to.</summary>
    public string PathOf(FeedObject feedObject) => Path.Combine(_root, feedObject.Key.Replace('/', Path.DirectorySeparatorChar));

    public Task<IReadOnlyDictionary<string, string>> ReadMarksAsync(string output, CancellationToken cancellationToken)
    {
        var marks = new Dictionary<string, string>(StringComparer.Ordinal);
        string outputRoot = Path.Combine(_root, output);
        if (!Directory.Exists(outputRoot))
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>>(marks);
        }

        var ranges = new Dictionary<(string Shard, string First, string Last), List<(string Path, int Parts)>>();
        foreach (string path in Directory.EnumerateFiles(outputRoot, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(path);
            if (name.EndsWith(PartialSuffix, StringComparison.Ordinal))
            {
                // An object whose file was not finished before a crash: its batch is delivered again.
                File.Delete(path);
            }
            else if (FeedKeys.TryParse(name, out FeedRangeName range))
            {
                (string, string, string) key = (range.ShardId, range.First, range.Last);
                if (!ranges.TryGetValue(key, out List<(string Path, int Parts)>? files))
                {
                    files = [];
                    ranges.Add(key, files);
                }

                files.Add((path, range.Parts));
            }
        }

        foreach (((string shard, _, string last), List<(string Path, int Parts)> files) in ranges)
        {
            if (files.Count < files[0].Parts)
            {
                // A batch whose objects were not all written before a crash: remove what it left, it is
                // delivered again (perhaps with other boundaries) and written whole.
                foreach ((string path, _) in files)
                {
                    File.Delete(path);
                }

                continue;
            }

            if (!marks.TryGetValue(shard, out string? mark) || SequenceNumbers.Compare(last, mark) > 0)
            {
                marks[shard] = last;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(marks);
    }

    public Task WriteAsync(FeedObject feedObject, CancellationToken cancellationToken)
    {
        if (feedObject.LineCount == 0)
        {
            return Task.CompletedTask;
        }

        string path = PathOf(feedObject);
        string folder = Path.GetDirectoryName(path)!;
        DataFolderPermissions.CreateFolder(folder);
        string partial = Path.Combine(folder, "." + Path.GetFileName(path) + PartialSuffix);
        using (var file = new FileStream(partial, DataFolderPermissions.OwnerOnly(FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)))
        {
            file.Write(feedObject.Lines.Span);
            file.Flush(flushToDisk: false);
        }

        File.Move(partial, path, overwrite: true);
        FilesWritten++;
        return Task.CompletedTask;
    }
}
