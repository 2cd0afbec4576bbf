namespace StreamGuard.Core.Replay;

/// <summary>How fast and how wide a replay sends: a fixed rate, a time speed-up, or as fast as possible.</summary>
public sealed class ReplayOptions
{
    /// <summary>Events per second; null for no rate limit.</summary>
    public double? Rate { get; set; }

    /// <summary>Event-time speed-up (60 replays an hour in a minute); null for none.</summary>
    public double? Speed { get; set; }

    /// <summary>Concurrent senders; events of one partition key always go through the same one, in order.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>How long a sender waits for a batch to fill before sending what it has.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Attempts for entries a put reports as failed (throttled) before giving up.</summary>
    public int MaxAttempts { get; set; } = 8;

    public IEnumerable<string> Validate()
    {
        if (Rate is { } rate && (rate <= 0 || double.IsNaN(rate)))
        {
            yield return $"--rate must be a positive number of events per second (got {rate}).";
        }

        if (Speed is { } speed && (speed <= 0 || double.IsNaN(speed)))
        {
            yield return $"--speed must be a positive speed-up factor (got {speed}).";
        }

        if (Rate is not null && Speed is not null)
        {
            yield return "--rate and --speed exclude each other: choose one.";
        }

        if (Parallelism is < 1 or > 64)
        {
            yield return $"--parallel must be 1 to 64 (got {Parallelism}).";
        }
    }
}
