using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.LiveView.Extensions;

/// <summary>Settings of the dashboard ("LiveView" section).</summary>
public sealed class LiveViewOptions : IValidatableObject
{
    public const string Section = "LiveView";

    /// <summary>
    /// The file replayed in a loop: a Sparkov CSV or a Plaid JSON dump (a /transactions/get or
    /// /transactions/sync response, or a bare array of transactions); default: data/sample.csv found
    /// upwards from the working folder.
    /// </summary>
    public string? SampleFile { get; set; }

    /// <summary>Event-time speed-up of the replay (3600: an hour of transactions per second).</summary>
    [SettingRange(0d, 10_000_000d, MinimumIsExclusive = true, ErrorMessage = "LiveView:Speed must be above 0 and at most 10,000,000.")]
    public double Speed { get; set; } = 3600;

    /// <summary>How often the page receives an update.</summary>
    [TimeSpanRange("00:00:00.05", "00:00:00.5", ErrorMessage = "LiveView:PushInterval must be 50 to 500 ms, so the page updates at least twice a second (got {0}).")]
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many recent transactions and alerts the page keeps.</summary>
    [SettingRange(1, 500, ErrorMessage = "LiveView:RecentCount must be 1 to 500.")]
    public int RecentCount { get; set; } = 25;

    /// <summary>aws mode: the workers' live stream (StreamGuard:Aws:Sinks:LiveStreamName) to tail instead of running a pipeline.</summary>
    public string? AwsLiveStream { get; set; }

    /// <summary>
    /// The token the page, the API and the hub require (set it from the environment:
    /// LiveView__AccessToken). Required when LiveView listens on an address other machines reach.
    /// </summary>
    [MinLength(16, ErrorMessage = "LiveView:AccessToken must be at least 16 characters (use a random one, e.g. openssl rand -hex 16).")]
    public string? AccessToken { get; set; }

    /// <summary>Start the data folder's stream outputs afresh on each start; the key, the privacy ledger and the verdicts stay.</summary>
    public bool ResetDataDir { get; set; } = true;

    /// <summary>The rules no annotation says (the sample file must exist unless aws mode tails a stream); the generated <see cref="LiveViewOptionsValidator"/> runs them.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // aws mode tails the workers' live stream and replays nothing: no sample file needed.
        bool replaysSample = string.IsNullOrEmpty(AwsLiveStream);
        if (replaysSample && SampleFile is { } file && !File.Exists(file))
        {
            yield return new ValidationResult($"LiveView:SampleFile '{file}' does not exist.", [nameof(SampleFile)]);
        }
        else if (replaysSample && SampleFile is null && LiveViewPaths.FindUpwards(Path.Combine("data", "sample.csv")) is null)
        {
            yield return new ValidationResult("LiveView:SampleFile is not set and no data/sample.csv was found above the working folder.", [nameof(SampleFile)]);
        }
    }
}
