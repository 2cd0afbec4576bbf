namespace StreamGuard.LiveView.Extensions;

/// <summary>Settings of the dashboard ("LiveView" section).</summary>
public sealed class LiveViewOptions
{
    public const string Section = "LiveView";

    /// <summary>
    /// The file replayed in a loop: a Sparkov CSV or a Plaid JSON dump (a /transactions/get or
    /// /transactions/sync response, or a bare array of transactions); default: data/sample.csv found
    /// upwards from the working folder.
    /// </summary>
    public string? SampleFile { get; set; }

    /// <summary>Event-time speed-up of the replay (3600: an hour of transactions per second).</summary>
    public double Speed { get; set; } = 3600;

    /// <summary>How often the page receives an update.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many recent transactions and alerts the page keeps.</summary>
    public int RecentCount { get; set; } = 25;

    /// <summary>aws mode: the workers' live stream (StreamGuard:Aws:Sinks:LiveStreamName) to tail instead of running a pipeline.</summary>
    public string? AwsLiveStream { get; set; }

    /// <summary>
    /// The token the page, the API and the hub require (set it from the environment:
    /// LiveView__AccessToken). Required when LiveView listens on an address other machines reach.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>Start the data folder's stream outputs afresh on each start; the key, the privacy ledger and the verdicts stay.</summary>
    public bool ResetDataDir { get; set; } = true;
}
