namespace StreamGuard.Pipeline.State;

/// <summary>One keyed item of a stage's state as stored: <paramref name="Kind"/> tells the stage's item kinds apart.</summary>
public readonly record struct StateItem(byte Kind, long Key, byte[] Data);
