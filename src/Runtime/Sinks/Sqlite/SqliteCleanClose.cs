using StreamGuard.Core.Storage;
using System.Security.Cryptography;

namespace StreamGuard.Runtime.Sinks.Sqlite;

/// <summary>
/// Lets a database that was closed cleanly skip SQLite's quick check on the next open: closing writes
/// a marker with the file's SHA-256 (hashing reads the file at disk speed, several times faster than
/// quick_check walking every b-tree), and opening checks it against the file as it is now. Any change
/// since the close (a page of garbage, a truncation, another writer) or a close that never happened
/// (a crash: the marker is removed on open) means a full quick check, as before.
/// </summary>
internal static class SqliteCleanClose
{
    public static string MarkerPath(string database) => database + ".clean";

    /// <summary>True when the database is byte for byte as it was closed; the marker is removed either way.</summary>
    public static bool ConsumeMarker(string database)
    {
        string marker = MarkerPath(database);
        if (!File.Exists(marker))
        {
            return false;
        }

        try
        {
            var wal = new FileInfo(database + "-wal");
            return (!wal.Exists || wal.Length == 0) && string.Equals(File.ReadAllText(marker).Trim(), Digest(database), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    /// <summary>Records the closed database's digest. Best effort: without a marker the next open runs the full check.</summary>
    public static void Mark(string database)
    {
        try
        {
            var wal = new FileInfo(database + "-wal");
            if (wal.Exists && wal.Length > 0)
            {
                // Another connection still holds changes: the file is not final.
                return;
            }

            using var file = new FileStream(MarkerPath(database), DataFolderPermissions.OwnerOnly(FileMode.Create, FileAccess.Write, FileShare.None));
            using var writer = new StreamWriter(file);
            writer.Write(Digest(database));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No marker: the next open checks the whole database, which is always safe.
        }
    }

    private static string Digest(string database)
    {
        using var file = new FileStream(database, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20);
        return file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
