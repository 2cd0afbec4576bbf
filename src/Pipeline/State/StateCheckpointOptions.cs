namespace StreamGuard.Pipeline.State;

/// <summary>How often the stages' state is saved with the stream positions ("StreamGuard:State").</summary>
public sealed record StateCheckpointOptions
{
    /// <summary>Save at most this long after the previous save while records flow. Zero turns state checkpoints off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Also save after this many records, whatever the time (bounds the replay after a crash).</summary>
    public int MaxRecords { get; set; } = 150_000;

    /// <summary>Restore the saved state at start (off: start from nothing, the saved state is overwritten).</summary>
    public bool RestoreOnStart { get; set; } = true;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Interval < TimeSpan.Zero)
        {
            errors.Add($"StreamGuard:State:Interval must not be negative (got {Interval}).");
        }

        if (MaxRecords < 1)
        {
            errors.Add($"StreamGuard:State:MaxRecords must be at least 1 (got {MaxRecords}).");
        }

        return errors;
    }
}
