namespace StreamGuard.Pipeline.State;

/// <summary>One stage's saved state.</summary>
public sealed record StageState(string Name, byte[] Data);
