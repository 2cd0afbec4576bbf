using System.Security.Cryptography;
using StreamGuard.Core;

namespace StreamGuard.Privacy;

/// <summary>
/// Key files: created owner-only (folder 0700, file 0600) and refused when group or others can read
/// them, so a key is never silently exposed. They live outside the data folder (see
/// <see cref="Directory(string, string?)"/>), so a copy of the data is not a copy of its keys.
/// </summary>
public static class KeyFile
{
    private const UnixFileMode OthersOrGroup =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The key folder: the configured one, or "&lt;data folder&gt;.keys" beside (never inside) the data folder.</summary>
    public static string Directory(string dataDirectory, string? configured)
    {
        string data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        string keys = string.IsNullOrWhiteSpace(configured) ? data + ".keys" : Path.GetFullPath(configured);
        if (IsInside(keys, data))
        {
            throw new UserErrorException($"The key folder '{keys}' is inside the data folder '{data}'; keys must live elsewhere (set StreamGuard:Privacy:KeyDirectory to another folder).");
        }

        return keys;
    }

    /// <summary>The base64 key in the file, created with fresh random bytes if absent; refuses a file group or others can read.</summary>
    public static string ReadOrCreate(string path, int bytes)
    {
        if (!File.Exists(path))
        {
            EnsureFolder(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, options);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        RefuseIfShared(path);
        return File.ReadAllText(path);
    }

    /// <summary>Creates the key folder owner-only (0700) if it does not exist.</summary>
    public static void EnsureFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        else
        {
            System.IO.Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Throws a user error naming the file and the chmod to run when group or others have any access to it.</summary>
    public static void RefuseIfShared(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & OthersOrGroup) != 0)
        {
            throw new UserErrorException($"The key file '{path}' can be read by group or others (mode {Convert.ToString((int)mode, 8)}); run: chmod 600 '{path}'");
        }
    }

    private static bool IsInside(string path, string folder)
    {
        string p = Path.TrimEndingDirectorySeparator(path) + Path.DirectorySeparatorChar;
        string f = folder + Path.DirectorySeparatorChar;
        return p.StartsWith(f, StringComparison.Ordinal);
    }
}
