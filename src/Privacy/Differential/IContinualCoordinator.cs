namespace StreamGuard.Privacy.Differential;

/// <summary>
/// Makes a continual release instance ONE instance for a fleet: the instance is paid once per horizon
/// for the whole stream, each shard hands in its exact partial of every step it passes, and each tree
/// node is noised once, by the first worker to claim it once every shard has passed the node's last
/// step; every other worker (and every replay) takes the stored noisy node. Implemented over DynamoDB
/// for aws workers.
/// </summary>
public interface IContinualCoordinator
{
    /// <summary>
    /// Pays the instance of the horizon <paramref name="request"/> names once for the fleet: the first caller
    /// spends the budget and records <paramref name="entry"/> (Released, drawn here); later callers get the
    /// stored outcome (Released with the entry, or Refused); Pending while another worker is paying.
    /// </summary>
    Task<ReleaseOutcome> PayInstanceAsync(ReleaseRequest request, PrivacyLedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>Durably records that <paramref name="shardId"/> has passed every step ending at or before <paramref name="passedThroughTicks"/>, with its partials (the first partial of a step wins).</summary>
    Task ContributeStepsAsync(string shardId, long passedThroughTicks, IReadOnlyList<StepPartial> partials, CancellationToken cancellationToken);

    /// <summary>
    /// The noisy node completed by step <paramref name="completed"/> (1-based) of the horizon's tree, spanning
    /// the <paramref name="span"/> steps ending there: the stored one, or, once every shard has passed the
    /// step and this worker wins the claim, <paramref name="noise"/> applied to the shards' summed partials
    /// of those steps. Null while pending.
    /// </summary>
    Task<long[]?> TryReleaseNodeAsync(long horizonTicks, int completed, int span, TimeSpan step, int width, Func<long[], long[]> noise, CancellationToken cancellationToken);

    /// <summary>The epsilon the fleet has spent on the horizon (every window and instance), composed as the ledger composes.</summary>
    Task<double> SpentAsync(DateTimeOffset horizonStart, double delta, CancellationToken cancellationToken);
}
