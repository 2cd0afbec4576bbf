namespace StreamGuard.Privacy.Differential;

/// <summary>Where one window's fleet-wide release stands.</summary>
public enum ReleaseState
{
    /// <summary>Some shard has not passed the window yet, or another process is releasing it now.</summary>
    Pending,

    /// <summary>Released once, with its noisy values stored.</summary>
    Released,

    /// <summary>Not released: the horizon's total budget could not pay for it. Never retried.</summary>
    Refused,
}
