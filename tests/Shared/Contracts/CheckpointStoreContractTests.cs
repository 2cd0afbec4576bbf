using StreamGuard.Core.Streaming;
using Xunit;

namespace StreamGuard.Tests.Shared.Contracts;

/// <summary>
/// What every <see cref="ICheckpointStore"/> promises, run against each implementation: no checkpoint before the
/// first save, shards kept apart, the last save per shard wins and survives a reopen.
/// </summary>
public abstract class CheckpointStoreContractTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The shards the store may checkpoint (a lease store checkpoints only shards it holds).</summary>
    protected static readonly string[] Shards = ["shardId-000000000000", "shardId-000000000001"];

    /// <summary>A new, empty store able to checkpoint every shard of <see cref="Shards"/>.</summary>
    protected abstract Task<ICheckpointStore> CreateStoreAsync();

    /// <summary>A second store over the same storage as <paramref name="store"/> (a restarted process).</summary>
    protected abstract Task<ICheckpointStore> ReopenAsync(ICheckpointStore store);

    /// <summary>An ordinal far past the others, to check numbers beyond 64 bits where the store allows them.</summary>
    protected const long LaterOrdinal = 1_000_000;

    /// <summary>The sequence number of record <paramref name="ordinal"/> of a shard, in the implementation's numbering (Kinesis's by default).</summary>
    protected virtual string Sequence(int shard, long ordinal) => ordinal == LaterOrdinal
        ? "49590338271490256608559692538361571095921575989136588898"
        : ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task GetCheckpointAsync_NeverSaved_ReturnsNull()
    {
        ICheckpointStore store = await CreateStoreAsync().WaitAsync(Timeout);

        Assert.Null(await store.GetCheckpointAsync(Shards[0], CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task SaveCheckpointAsync_TwoShards_EachKeepsItsOwn()
    {
        ICheckpointStore store = await CreateStoreAsync().WaitAsync(Timeout);

        await store.SaveCheckpointAsync(Shards[0], Sequence(0, 100), CancellationToken.None).WaitAsync(Timeout);
        await store.SaveCheckpointAsync(Shards[1], Sequence(1, 205), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(Sequence(0, 100), await store.GetCheckpointAsync(Shards[0], CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(Sequence(1, 205), await store.GetCheckpointAsync(Shards[1], CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task SaveCheckpointAsync_Advanced_ReopenedStoreResumesFromTheLast()
    {
        ICheckpointStore store = await CreateStoreAsync().WaitAsync(Timeout);

        await store.SaveCheckpointAsync(Shards[0], Sequence(0, 100), CancellationToken.None).WaitAsync(Timeout);
        await store.SaveCheckpointAsync(Shards[0], Sequence(0, LaterOrdinal), CancellationToken.None).WaitAsync(Timeout);
        ICheckpointStore reopened = await ReopenAsync(store).WaitAsync(Timeout);

        Assert.Equal(Sequence(0, LaterOrdinal), await reopened.GetCheckpointAsync(Shards[0], CancellationToken.None).WaitAsync(Timeout));
        Assert.Null(await reopened.GetCheckpointAsync(Shards[1], CancellationToken.None).WaitAsync(Timeout));
    }
}
