using StreamGuard.Scoring;

namespace StreamGuard.LiveView.Services;

/// <summary>Where verdicts go as labels: the running embedded pipeline's inbox, once it has started (none in aws mode).</summary>
public sealed class LabelTarget
{
    private LabelInbox? _inbox;

    public LabelInbox? Inbox
    {
        get => Volatile.Read(ref _inbox);
        set => Volatile.Write(ref _inbox, value);
    }
}
