namespace StreamGuard.Insight.Duplicates;

/// <summary>Settings of duplicate-charge detection.</summary>
public sealed class DuplicateOptions
{
    /// <summary>Two charges of the same card, merchant and amount closer than this (event time) look like a duplicate.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The most recent charges remembered; the oldest go first.</summary>
    public int MaxTracked { get; init; } = 500_000;

    /// <summary>"low", "medium" or "high".</summary>
    public string Severity { get; init; } = "low";
}
