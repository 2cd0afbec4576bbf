using Amazon.S3;
using StreamGuard.Pipeline.State;
using StreamGuard.Runtime.Sinks.Aws;

namespace StreamGuard.Runtime.Leases;

/// <summary>
/// Each shard's learned state in S3 (<c>{prefix}{stream}/shard/{shardId}/{workerId}.state</c>, the
/// positions it includes inside), found through the shard's lease: after writing the object the owner
/// points the lease's <c>stateObject</c> at it with a write conditional on still owning the lease. A
/// worker that lost the lease may still finish writing its own object, but never redirects the lease.
/// </summary>
public sealed class ShardStateStore
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly LeaseTable _table;
    private readonly string _workerId;

    public ShardStateStore(IAmazonS3 s3, string bucket, string prefix, string stream, LeaseTable table, string workerId)
    {
        _s3 = s3;
        _bucket = bucket;
        _prefix = $"{prefix}{stream}/shard/";
        _table = table;
        _workerId = workerId;
    }

    public LeaseTable Table => _table;

    /// <summary>The key this worker saves <paramref name="shardId"/>'s state under.</summary>
    public string KeyFor(string shardId) => $"{_prefix}{Uri.EscapeDataString(shardId)}/{Uri.EscapeDataString(_workerId)}.state";

    /// <summary>The state the lease points at, or null when none was saved.</summary>
    public async Task<StateCheckpoint?> LoadAsync(Lease lease, CancellationToken cancellationToken) =>
        lease.StateObject is { } key
            ? await new S3StateStore(_s3, _bucket, key).LoadAsync(cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>Writes the shard's state and points its lease at it; false when the lease is no longer this worker's.</summary>
    public async Task<bool> SaveAsync(string shardId, StateCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        string key = KeyFor(shardId);
        await new S3StateStore(_s3, _bucket, key).SaveAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        return await _table.SetStateObjectAsync(shardId, _workerId, key, cancellationToken).ConfigureAwait(false);
    }
}
