namespace StreamGuard.Core.Tests.Support;

/// <summary>The reference data sets in ../shared/data beside the repository.</summary>
internal static class SharedData
{
    public static string Root
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("shared/data was not found beside the repository.");
        }
    }

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
