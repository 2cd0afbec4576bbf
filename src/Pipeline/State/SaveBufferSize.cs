namespace StreamGuard.Pipeline.State;

/// <summary>
/// How big a state save's buffer starts: the previous save's size plus some room, instead of doubling up
/// from a few hundred bytes. Saves grow slowly, and a buffer that doubles its way to 17 MB leaves some
/// 32 MB of large-object garbage behind per save (docs/performance.md, the memory round).
/// </summary>
public static class SaveBufferSize
{
    /// <summary>The starting capacity for a save whose previous one took <paramref name="previous"/> bytes (or items): one sixteenth more.</summary>
    public static int After(long previous) =>
        previous <= 0 ? 0 : (int)Math.Min(Array.MaxLength, previous + (previous / 16) + 256);
}
