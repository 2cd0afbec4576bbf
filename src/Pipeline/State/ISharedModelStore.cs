namespace StreamGuard.Pipeline.State;

/// <summary>
/// Where the global models live, apart from any shard's state: a SQLite table in embedded mode, one
/// S3 object per version in aws mode. Publishing is checked against the version it builds on, so two
/// workers that retrain at once cannot overwrite each other: the second is refused and takes the first's.
/// </summary>
public interface ISharedModelStore
{
    /// <summary>The newest published version when it is newer than <paramref name="knownVersion"/>, else null (nothing newer is read).</summary>
    Task<SharedModelVersion?> GetNewerAsync(long knownVersion, CancellationToken cancellationToken);

    /// <summary>The newest published version, or null before the first.</summary>
    Task<SharedModelVersion?> GetCurrentAsync(CancellationToken cancellationToken) => GetNewerAsync(0, cancellationToken);

    /// <summary>
    /// Publishes <paramref name="next"/> when its version is exactly one above the newest stored; false
    /// (and nothing written over) when that version exists already or the store is further along.
    /// </summary>
    Task<bool> TryPublishAsync(SharedModelVersion next, CancellationToken cancellationToken);
}
