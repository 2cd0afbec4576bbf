namespace StreamGuard.Processor.Tests.Support;

/// <summary>The reference data sets in ../shared/data beside the repository.</summary>
internal static class SharedData
{
    public static string File(params string[] parts)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return Path.Combine([candidate, .. parts]);
            }
        }

        throw new InvalidOperationException("shared/data was not found beside the repository.");
    }
}
