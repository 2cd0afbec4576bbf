namespace StreamGuard.Core.Replay;

/// <summary>How far a replay has come.</summary>
public sealed record ReplayProgress(long Sent, long Retried, long Failed, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Sent / Elapsed.TotalSeconds : 0;
}
