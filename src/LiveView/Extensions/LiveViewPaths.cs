namespace StreamGuard.LiveView.Extensions;

/// <summary>Finds the web root and the bundled sample wherever the app is started from.</summary>
public static class LiveViewPaths
{
    public static string WebRoot()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(beside) ? beside : Path.Combine(Directory.GetCurrentDirectory(), "wwwroot");
    }

    /// <summary>Looks for <paramref name="relative"/> in the current folder, the binaries' folder and their parents.</summary>
    public static string? FindUpwards(string relative)
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
