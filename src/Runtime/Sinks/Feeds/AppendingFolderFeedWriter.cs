using System.Globalization;
using StreamGuard.Core;
using StreamGuard.Core.Storage;
using StreamGuard.Core.Streaming;

namespace StreamGuard.Runtime.Sinks.Feeds;

/// <summary>
/// Embedded mode's writer: lines of every shard go to one open file per output and event hour,
/// <c>{root}/{output}/dt=YYYY-MM-DD/hour=HH/{shard}-{first}-{last}.ndjson</c> (the shard and first record
/// of the batch that opened it, the last record of that shard in it), appended batch after batch and finished (renamed from its hidden name) when it reaches <see cref="MaxFileBytes"/>, is
/// <see cref="MaxFileAge"/> old, has had no line for <see cref="IdleAppends"/> batches, or the run ends.
/// A batch is committed by one in-place write of the output's <see cref="FeedProgress"/>: after a
/// crash the open files are cut back to what it records and finished, so what a batch appended
/// without its record is gone and the batch, above the recorded mark, is written again once.
/// Objects written one by one (<see cref="WriteAsync"/>) and files of earlier versions, named by
/// their record range, are the plain <see cref="FolderFeedWriter"/>'s, whose marks still count.
/// </summary>
public sealed partial class AppendingFolderFeedWriter : IAppendingFeedWriter
{
    /// <summary>An open file is finished at this size.</summary>
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

    private const string OpenSuffix = ".open";
    private const int MaxOpenFiles = 32;
    private readonly string _root;
    private readonly FolderFeedWriter _ranges;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, OutputFiles> _outputs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public AppendingFolderFeedWriter(string root, TimeProvider time, long maxFileBytes = DefaultMaxFileBytes, TimeSpan? maxFileAge = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileBytes, 1);
        _root = Path.GetFullPath(root);
        _ranges = new FolderFeedWriter(_root);
        _time = time;
        MaxFileBytes = maxFileBytes;
        MaxFileAge = maxFileAge ?? TimeSpan.FromMinutes(1);
    }

    public string Name => "folder";

    public bool Keyed => true;

    public long MaxFileBytes { get; }

    /// <summary>How long lines may wait in an open file before analysts can read them.</summary>
    public TimeSpan MaxFileAge { get; }

    /// <summary>An open file with no line for this many of its output's batches is finished (a replay has moved past its hour).</summary>
    public int IdleAppends { get; init; } = 16;

    /// <summary>Files finished (made visible) so far.</summary>
    public int FilesFinished { get; private set; }

    public async Task<IReadOnlyDictionary<string, string>> ReadMarksAsync(string output, CancellationToken cancellationToken)
    {
        OutputFiles files;
        lock (_gate)
        {
            files = Open(output);
        }

        IReadOnlyDictionary<string, string> ranges = await _ranges.ReadMarksAsync(output, cancellationToken).ConfigureAwait(false);
        var marks = new Dictionary<string, string>(ranges, StringComparer.Ordinal);
        foreach ((string shard, string mark) in files.Progress.Marks)
        {
            if (!marks.TryGetValue(shard, out string? other) || SequenceNumbers.Compare(mark, other) > 0)
            {
                marks[shard] = mark;
            }
        }

        return marks;
    }

    /// <summary>
    /// Finishes the files every output under the root left open when its process stopped, whether or not this
    /// run writes to that output again: a kill after the input was recorded consumed but before the files were
    /// finished would otherwise leave committed lines hidden, and a rerun of a consumed input writes nothing.
    /// </summary>
    public void FinishLeftOpen()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        foreach (string folder in Directory.EnumerateDirectories(_root))
        {
            if (File.Exists(Path.Combine(folder, FeedProgress.FileName)))
            {
                lock (_gate)
                {
                    Open(Path.GetFileName(folder));
                }
            }
        }
    }

    /// <summary>One object as a file of its own, named by its record range (the plain folder layout).</summary>
    public Task WriteAsync(FeedObject feedObject, CancellationToken cancellationToken) => _ranges.WriteAsync(feedObject, cancellationToken);

    public Task AppendAsync(string output, string shardId, string first, string last, IReadOnlyList<FeedObject> objects, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            OutputFiles files = Open(output);
            files.Appends++;
            bool any = false;
            foreach (FeedObject feedObject in objects)
            {
                if (feedObject.LineCount == 0)
                {
                    continue;
                }

                AppendedFile file = files.FileFor(feedObject.Hour) ?? files.Add(Create(output, feedObject.Hour, shardId, first));
                if (file.ShardId == shardId)
                {
                    file.Last = last;
                }

                file.Stream.Write(feedObject.Lines.Span);
                file.Length += feedObject.Lines.Length;
                file.LastAppend = files.Appends;
                any = true;
            }

            if (!any)
            {
                return Task.CompletedTask;
            }

            files.Progress.Marks[shardId] = last;
            // The lines first, then the record that commits them: a crash between the two cuts them back.
            foreach (AppendedFile file in files.OpenFiles)
            {
                file.Stream.Flush(flushToDisk: false);
            }

            files.WriteProgress();
            if (files.Finish(Due(files), file => FinalPathOf(output, file.Hour, file.ShardId, file.First, file.Last)) > 0)
            {
                files.WriteProgress();
            }
        }

        return Task.CompletedTask;
    }

    public void Close(string output)
    {
        lock (_gate)
        {
            if (_outputs.Remove(output, out OutputFiles? files))
            {
                files.Finish([.. files.OpenFiles], file => FinalPathOf(output, file.Hour, file.ShardId, file.First, file.Last));
                files.WriteProgress();
                files.Dispose();
            }
        }
    }

    private List<AppendedFile> Due(OutputFiles files)
    {
        var due = new List<AppendedFile>();
        foreach (AppendedFile file in files.OpenFiles)
        {
            if (file.Length >= MaxFileBytes || _time.GetElapsedTime(file.Opened) >= MaxFileAge || files.Appends - file.LastAppend >= IdleAppends)
            {
                due.Add(file);
            }
        }

        // Bounded handles: the least recently appended go first.
        int over = files.OpenFiles.Count - due.Count - MaxOpenFiles;
        if (over > 0)
        {
            due.AddRange(files.OpenFiles.Except(due).OrderBy(f => f.LastAppend).Take(over));
        }

        return due;
    }

    private AppendedFile Create(string output, DateTime hour, string shardId, string first)
    {
        string folder = Path.GetDirectoryName(FinalPathOf(output, hour, shardId, first, first))!;
        DataFolderPermissions.CreateFolder(folder);
        // Unbuffered: a batch's lines of one hour arrive as one span, written with one call, so a FileStream
        // buffer would only copy them (and cost 64 KB per open file: about 0.7 KB per event in allocations).
        var stream = new FileStream(HiddenPathOf(folder, shardId, first), DataFolderPermissions.OwnerOnly(FileMode.CreateNew, FileAccess.Write, FileShare.Read, 0));
        return new AppendedFile(hour, shardId, first, HiddenPathOf(folder, shardId, first), stream, _time.GetTimestamp());
    }

    private string FinalPathOf(string output, DateTime hour, string shardId, string first, string last) =>
        Path.Combine(_root, FeedKeys.Key(output, hour, FeedKeys.Name(shardId, first, last, 1, 1)).Replace('/', Path.DirectorySeparatorChar));

    private static string HiddenPathOf(string folder, string shardId, string first) =>
        Path.Combine(folder, "." + shardId + "-" + first + FeedKeys.Extension + OpenSuffix);

    private OutputFiles Open(string output)
    {
        if (!_outputs.TryGetValue(output, out OutputFiles? files))
        {
            string folder = Path.Combine(_root, output);
            FeedProgress progress = Recover(output, folder);
            DataFolderPermissions.CreateFolder(folder);
            files = new OutputFiles(Path.Combine(folder, FeedProgress.FileName), progress, () => FilesFinished++);
            _outputs.Add(output, files);
        }

        return files;
    }

    /// <summary>
    /// Finishes what a run that stopped left open: each open file cut back to the length its progress
    /// records (bytes of a batch that was never committed go) and renamed to its final name; hidden files
    /// the progress does not name (opened by a batch that was never committed) are removed.
    /// </summary>
    private FeedProgress Recover(string output, string folder)
    {
        if (!Directory.Exists(folder))
        {
            return new FeedProgress();
        }

        string path = Path.Combine(folder, FeedProgress.FileName);
        FeedProgress progress;
        try
        {
            progress = FeedProgress.Read(path) ?? new FeedProgress();
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"The {output} output's progress is damaged ({e.Message}): restore the folder from a backup or run with --reset to start it over.", 2, e);
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach ((DateTime hour, string shard, string first, string last, long length) in progress.Open)
        {
            string finalPath = FinalPathOf(output, hour, shard, first, last);
            string hidden = HiddenPathOf(Path.GetDirectoryName(finalPath)!, shard, first);
            named.Add(hidden);
            if (!File.Exists(hidden))
            {
                // Finished before the stop, after the progress that still names it.
                continue;
            }

            using (var stream = new FileStream(hidden, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                if (stream.Length > length)
                {
                    stream.SetLength(length);
                }
            }

            File.Move(hidden, finalPath, overwrite: false);
        }

        foreach (string hidden in Directory.EnumerateFiles(folder, "*" + OpenSuffix, SearchOption.AllDirectories))
        {
            if (!named.Contains(hidden))
            {
                File.Delete(hidden);
            }
        }

        progress.Open.Clear();
        return progress;
    }
}
