using System.Buffers;
using StreamGuard.Core.Storage;

namespace StreamGuard.Runtime.Sinks.Feeds;

public sealed partial class AppendingFolderFeedWriter
{
    /// <summary>One output's open files and its progress record, rewritten in place.</summary>
    private sealed class OutputFiles(string progressPath, FeedProgress progress, Action finished) : IDisposable
    {
        private readonly Dictionary<DateTime, AppendedFile> _byHour = [];
        private readonly ArrayBufferWriter<byte> _progressBytes = new(1024);
        private FileStream? _progressFile;

        public FeedProgress Progress { get; } = progress;

        /// <summary>Batches that reached this output (with lines or not): the clock of <see cref="IdleAppends"/>.</summary>
        public long Appends { get; set; }

        public Dictionary<DateTime, AppendedFile>.ValueCollection OpenFiles => _byHour.Values;

        public AppendedFile? FileFor(DateTime hour) => _byHour.GetValueOrDefault(hour);

        public AppendedFile Add(AppendedFile file)
        {
            _byHour.Add(file.Hour, file);
            return file;
        }

        /// <summary>Closes <paramref name="files"/> and gives them their final names; their lines are committed already.</summary>
        public int Finish(List<AppendedFile> files, Func<AppendedFile, string> finalPath)
        {
            foreach (AppendedFile file in files)
            {
                file.Dispose();
                File.Move(file.HiddenPath, finalPath(file), overwrite: false);
                _byHour.Remove(file.Hour);
                finished();
            }

            return files.Count;
        }

        /// <summary>Records the marks and the open files' lengths: one write over the same file, no new file per batch.</summary>
        public void WriteProgress()
        {
            Progress.Open.Clear();
            foreach (AppendedFile file in _byHour.Values)
            {
                Progress.Open.Add((file.Hour, file.ShardId, file.First, file.Last, file.Length));
            }

            _progressFile ??= new FileStream(progressPath, DataFolderPermissions.OwnerOnly(FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 0));
            _progressBytes.ResetWrittenCount();
            Progress.EncodeTo(_progressBytes);
            // One write from the start; a shorter record leaves old bytes after its end line, which readers ignore.
            RandomAccess.Write(_progressFile.SafeFileHandle, _progressBytes.WrittenSpan, 0);
        }

        public void Dispose()
        {
            foreach (AppendedFile file in _byHour.Values)
            {
                file.Dispose();
            }

            _progressFile?.Dispose();
        }
    }
}
