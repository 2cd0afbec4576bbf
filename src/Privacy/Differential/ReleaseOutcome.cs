namespace StreamGuard.Privacy.Differential;

/// <summary>
/// What a release attempt found: the window's stored ledger entries (count and sum, with their noisy
/// values) once released, whether this process drew the noise, and whether it should publish the rows
/// (the process that drew them; a replay in embedded mode republishes; a worker that lost the claim does not).
/// </summary>
public sealed record ReleaseOutcome(ReleaseState State, IReadOnlyList<PrivacyLedgerEntry> Entries, bool DrawnHere, bool Publish)
{
    public static readonly ReleaseOutcome Pending = new(ReleaseState.Pending, [], DrawnHere: false, Publish: false);

    public static readonly ReleaseOutcome Refused = new(ReleaseState.Refused, [], DrawnHere: false, Publish: false);
}
