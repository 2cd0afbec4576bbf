namespace StreamGuard.Privacy.Differential;

/// <summary>
/// Makes each window one release for the whole stream, however many processes read its shards: every
/// shard hands in its partial of a window once it has passed it; when every shard of the stream has,
/// exactly one process sums the partials, pays for the release in the budget and draws the noise once;
/// every other process (and any replay) gets the stored noisy values. In-process for embedded mode
/// (<see cref="LocalReleaseCoordinator"/>), DynamoDB for a fleet of aws workers.
/// </summary>
public interface IReleaseCoordinator
{
    /// <summary>Where the coordination lives, for the run summary.</summary>
    string Location { get; }

    /// <summary>
    /// Whether a window already released is published again, from its stored values, when its records
    /// come again (embedded mode: a restart or the demo loop replays the same data into a new process).
    /// A fleet publishes each window once: the worker that drew it.
    /// </summary>
    bool PublishesReplays { get; }

    /// <summary>
    /// Durably records that <paramref name="shardId"/> has passed every window ending at or before
    /// <paramref name="passedThroughTicks"/>, with its partials of those windows (a shard's first
    /// partial of a window wins: a re-read after a restart never counts twice).
    /// </summary>
    /// <returns>Transactions of partials that came after their window was released (a shard that had counted as idle): left out, counted late.</returns>
    Task<long> ContributeAsync(string shardId, long passedThroughTicks, IReadOnlyList<WindowPartial> partials, CancellationToken cancellationToken);

    /// <summary>Starts (at or before <paramref name="startedByTicks"/>) of the windows that have partials and no outcome yet, oldest first.</summary>
    Task<IReadOnlyList<long>> OpenWindowsAsync(long startedByTicks, CancellationToken cancellationToken);

    /// <summary>
    /// Releases the window if every shard has passed it (or <paramref name="inputComplete"/>), the
    /// claim is won and the budget pays: <paramref name="draw"/> gets the summed exact partial and returns
    /// the ledger entries with the noisy values. Otherwise returns the stored outcome, or pending.
    /// </summary>
    Task<ReleaseOutcome> TryReleaseAsync(ReleaseRequest request, Func<WindowPartial, IReadOnlyList<PrivacyLedgerEntry>> draw, bool inputComplete, CancellationToken cancellationToken);
}
