namespace StreamGuard.Plaid;

/// <summary>What one sync round of an item did; <see cref="Error"/> is set when it committed nothing.</summary>
public sealed record PlaidSyncOutcome
{
    public required string ItemId { get; init; }

    public PlaidError? Error { get; init; }

    public bool Succeeded => Error is null;

    public int Added { get; init; }

    public int Modified { get; init; }

    public int Removed { get; init; }

    /// <summary>Removals we added for pending transactions Plaid reported posted without listing them as removed.</summary>
    public int PendingSuperseded { get; init; }

    public int DeadLetters { get; init; }

    public int Pages { get; init; }

    public int Restarts { get; init; }

    /// <summary>The cursor after the round (the committed one), or the unchanged one on failure.</summary>
    public string? Cursor { get; init; }

    public string? UpdateStatus { get; init; }
}
