namespace StreamGuard.Core.Replay;

/// <summary>How far a replay has come.</summary>
public sealed record ReplayProgress(long Sent, long Retried, long Failed, TimeSpan Elapsed)
{
    /// <summary>Events never sent because they are over the stream's limits (each reported to the rejection callback).</summary>
    public long Rejected { get; init; }

    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Sent / Elapsed.TotalSeconds : 0;
}
