namespace StreamGuard.Core.Storage;

/// <summary>
/// The data folder holds transactions, alerts, sealed dead letters and the privacy ledger: it is
/// owner-only (0700) and so is every file in it (0600). New folders and files are created with
/// those modes; a folder made by an earlier version is tightened when it is opened.
/// </summary>
public static class DataFolderPermissions
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (owner-only) when missing, and tightens it and everything under it.</summary>
    public static void Secure(string dataDirectory)
    {
        CreateFolder(dataDirectory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(dataDirectory, OwnerOnlyFolder);
        foreach (FileSystemInfo entry in new DirectoryInfo(dataDirectory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            // A link may point outside the folder: leave what it points to alone.
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            UnixFileMode wanted = entry is DirectoryInfo ? OwnerOnlyFolder : OwnerOnlyFile;
            try
            {
                if ((entry.UnixFileMode & ~wanted) != 0)
                {
                    entry.UnixFileMode = entry.UnixFileMode & wanted;
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Removed while the folder was walked (a WAL file at checkpoint): nothing left to tighten.
            }
        }
    }

    /// <summary>Tightens the given files when they exist (SQLite's WAL and shared-memory files after open).</summary>
    public static void SecureFiles(params string[] paths)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (string path in paths)
        {
            try
            {
                if (File.Exists(path) && (File.GetUnixFileMode(path) & ~OwnerOnlyFile) != 0)
                {
                    File.SetUnixFileMode(path, OwnerOnlyFile);
                }
            }
            catch (FileNotFoundException)
            {
                // Gone between the check and the change.
            }
        }
    }

    /// <summary>Creates a folder (and any missing parents inside the data folder) owner-only.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // Directory.CreateDirectory gives the mode to the last folder only: create each missing one.
            string full = Path.GetFullPath(path);
            string? parent = Path.GetDirectoryName(full);
            if (parent is not null && !Directory.Exists(parent))
            {
                CreateFolder(parent);
            }

            Directory.CreateDirectory(full, OwnerOnlyFolder);
        }
    }

    /// <summary>File options whose new file is owner-only.</summary>
    public static FileStreamOptions OwnerOnly(FileMode mode, FileAccess access, FileShare share = FileShare.Read, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }

    /// <summary>Creates an empty owner-only file when none exists (SQLite then gives its WAL and SHM files the same mode).</summary>
    public static void CreateFileIfMissing(string path)
    {
        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, OwnerOnly(FileMode.CreateNew, FileAccess.Write));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first; Secure tightens it.
            }
        }
    }
}
