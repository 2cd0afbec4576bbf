namespace StreamGuard.Plaid;

/// <summary>
/// Delivers one sync round's changes and stores its cursor as one step. The syncer hands both over
/// together and nothing else stores a cursor, so a cursor is never saved ahead of its changes.
/// Implementations deliver the events first and save the cursor only once delivery succeeded
/// (throwing otherwise): a crash in between re-sends the round, at least once, never a gap.
/// </summary>
public interface IPlaidSyncCommitter
{
    Task CommitAsync(PlaidSyncBatch batch, CancellationToken cancellationToken);
}
