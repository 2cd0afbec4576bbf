using StreamGuard.Core;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// `run --reset`: starts a data folder over. The database (with its WAL) and the output folders go;
/// the pseudonym key stays (ids stay comparable across the reset) and so does the privacy ledger:
/// what was published is still out there, so the budget it spent is not given back.
/// </summary>
public static class DataFolderReset
{
        public static void Reset(string dataDir)
    {
        string root = Path.GetFullPath(dataDir);
        if (!Directory.Exists(root))
        {
            return;
        }

        try
        {
            foreach (string suffix in new[] { "", "-wal", "-shm", "-journal", ".clean" })
            {
                File.Delete(Path.Combine(root, SqliteStore.FileName + suffix));
            }

            foreach (string feed in FeedOutputs.All)
            {
                string folder = Path.Combine(root, feed);
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"--reset: cannot clear {root}: {e.Message}", 2, e);
        }
    }
}
