namespace StreamGuard.Pipeline.State;

/// <summary>
/// A stage part that keeps a working copy of the global models (<see cref="ISharedModelStore"/>): it
/// scores with the version it adopted last (and goes on learning on top of it, saved with its shard),
/// adopts a newer published version at a state barrier, and asks for its own changes to be published
/// when it has learned something every shard should use (a retrained model).
/// </summary>
public interface ISharedModelHolder
{
    /// <summary>The published version its working copy builds on; 0 before it adopted any.</summary>
    long SharedVersion { get; }

    /// <summary>True when it learned something to publish (a retrained model) that is not in <see cref="SharedVersion"/>.</summary>
    bool HasUnpublishedChange { get; }

    /// <summary>The global models as bytes, for a new version. Called on the stage's own task.</summary>
    byte[] CaptureShared();

    /// <summary>Replaces its working copy of the global models with a published version. Called on the stage's own task.</summary>
    /// <exception cref="InvalidDataException">The bytes are not models this holder reads.</exception>
    void AdoptShared(SharedModelVersion version);

    /// <summary>Its own capture was published as <paramref name="version"/>: its working copy already is that version (and more).</summary>
    void MarkPublished(long version);
}
