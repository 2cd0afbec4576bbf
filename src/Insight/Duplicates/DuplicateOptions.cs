using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Duplicates;

/// <summary>Settings of duplicate-charge detection.</summary>
public sealed class DuplicateOptions
{
    /// <summary>Two charges of the same card, merchant and amount closer than this (event time) look like a duplicate.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true, ErrorMessage = "Duplicates:Window must be positive (was {0}).")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The most recent charges remembered; the oldest go first.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "Duplicates:MaxTracked must be at least 1.")]
    public int MaxTracked { get; init; } = 500_000;

    /// <summary>"low", "medium" or "high".</summary>
    [AllowedValues("low", "medium", "high", ErrorMessage = "Duplicates:Severity must be low, medium or high.")]
    public string Severity { get; init; } = "low";
}
