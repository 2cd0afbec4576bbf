namespace StreamGuard.Core.Cli;

/// <summary>
/// Checks the paths a command is given before any work starts, so a wrong one ends with one line
/// naming the option (exit 2) instead of a stack trace halfway through.
/// </summary>
public static class CliPaths
{
    /// <summary>An input file that exists, is a file and can be opened for reading.</summary>
    public static string ReadableFile(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UserErrorException($"{option}: '{full}' is a directory; give a file.");
        }

        if (!File.Exists(full))
        {
            throw new UserErrorException($"{option}: '{full}' does not exist.");
        }

        try
        {
            using FileStream _ = File.OpenRead(full);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserErrorException($"{option}: '{full}' cannot be read ({e.Message}).", e);
        }

        return full;
    }

    /// <summary>A folder that exists or can be created, and can be written to.</summary>
    public static string WritableDirectory(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new UserErrorException($"{option}: '{full}' is a file; give a folder.");
        }

        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserErrorException($"{option}: '{full}' cannot be written ({Reason(e)}).", e);
        }

        return full;
    }

    /// <summary>A file path whose folder exists or can be created and written to, and which is not a folder itself.</summary>
    public static string WritableFile(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UserErrorException($"{option}: '{full}' is a directory; give a file name.");
        }

        string folder = Path.GetDirectoryName(full) ?? ".";
        WritableDirectory(folder, option);
        if (File.Exists(full))
        {
            try
            {
                using FileStream _ = new(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                throw new UserErrorException($"{option}: '{full}' cannot be written ({Reason(e)}).", e);
            }
        }

        return full;
    }

    private static string Reason(Exception e) => e is UnauthorizedAccessException ? "permission denied or read-only" : e.Message.TrimEnd('.');
}
