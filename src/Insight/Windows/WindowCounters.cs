namespace StreamGuard.Insight.Windows;

/// <summary>What the window aggregator did; written by its stage's task, read by anyone (values may lag).</summary>
public sealed class WindowCounters
{
    internal long _events;
    internal long _lateUpdates;
    internal long _lateEvents;
    internal long _corrections;
    internal long _unmatchedCorrections;
    internal long _correctionsAfterClose;
    internal long _redelivered;
    internal long _replayed;
    internal long _pendingReplaced;
    internal long _windowsClosed;
    internal long _deltasEmitted;

    /// <summary>Events that updated at least one window.</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Events that arrived after the watermark passed their window but within the allowed lateness: the window was updated and the update published.</summary>
    public long LateUpdates => Volatile.Read(ref _lateUpdates);

    /// <summary>Events (or unmatched removals) sent to the late-events output.</summary>
    public long LateEvents => Volatile.Read(ref _lateEvents);

    public long Corrections => Volatile.Read(ref _corrections);

    public long UnmatchedCorrections => Volatile.Read(ref _unmatchedCorrections);

    /// <summary>Corrections whose window had closed: published as a delta only.</summary>
    public long CorrectionsAfterClose => Volatile.Read(ref _correctionsAfterClose);

    /// <summary>An added transaction seen a second time (at-least-once delivery): not counted again.</summary>
    public long Redelivered => Volatile.Read(ref _redelivered);

    /// <summary>Records at or before the restored snapshot's position: their deltas re-published, state untouched.</summary>
    public long Replayed => Volatile.Read(ref _replayed);

    public long PendingReplaced => Volatile.Read(ref _pendingReplaced);

    /// <summary>Window results finalised (one per window and key) once the watermark passed end plus lateness.</summary>
    public long WindowsClosed => Volatile.Read(ref _windowsClosed);

    public long DeltasEmitted => Volatile.Read(ref _deltasEmitted);
}
