using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StreamGuard.Core.Settings;

namespace StreamGuard.Core.Replay;

/// <summary>How fast and how wide a replay sends: a fixed rate, a time speed-up, or as fast as possible.</summary>
public sealed class ReplayOptions : IValidatableObject
{
    /// <summary>Events per second; null for no rate limit.</summary>
    [SettingRange(0d, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "--rate must be a positive number of events per second.")]
    public double? Rate { get; set; }

    /// <summary>Event-time speed-up (60 replays an hour in a minute); null for none.</summary>
    [SettingRange(0d, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "--speed must be a positive speed-up factor.")]
    public double? Speed { get; set; }

    /// <summary>Concurrent senders; events of one partition key always go through the same one, in order.</summary>
    [SettingRange(1, 64, ErrorMessage = "--parallel must be 1 to 64.")]
    public int Parallelism { get; set; } = 4;

    /// <summary>How long a sender waits for a batch to fill before sending what it has.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Attempts for entries a put reports as failed (throttled) before giving up.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Every problem, each naming its command-line option (the same checks a host runs at start).</summary>
    public IEnumerable<string> Validate() =>
        OptionsChecks.Failures(new ReplayOptionsValidator().Validate(Options.DefaultName, this), section: null);

    /// <summary>The rule between options; the generated <see cref="ReplayOptionsValidator"/> runs it after the annotations.</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (Rate is not null && Speed is not null)
        {
            yield return new ValidationResult("--rate and --speed exclude each other: choose one.");
        }
    }
}
