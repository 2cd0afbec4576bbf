namespace StreamGuard.Scoring;

/// <summary>FNV-1a: unlike string.GetHashCode it is the same in every process, which snapshots need.</summary>
internal static class StableHash
{
    public static int Of(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash == 0 ? 1 : hash);
    }

    public static int Combine(int a, int b, int c = 0)
    {
        uint hash = 2166136261;
        hash = (hash ^ (uint)a) * 16777619;
        hash = (hash ^ (uint)b) * 16777619;
        hash = (hash ^ (uint)c) * 16777619;
        return (int)(hash ^ (hash >> 15));
    }
}
