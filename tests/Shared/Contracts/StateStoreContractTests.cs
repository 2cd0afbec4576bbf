using StreamGuard.Pipeline.State;
using Xunit;

namespace StreamGuard.Tests.Shared.Contracts;

/// <summary>
/// What every <see cref="IStateStore"/> promises, run against each implementation (SQLite in the processor tests,
/// S3 on the emulator in the aws tests): nothing before the first save, a save read back whole, the newest save wins.
/// </summary>
public abstract class StateStoreContractTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A new, empty store; each call gives an independent one.</summary>
    protected abstract Task<IStateStore> CreateStoreAsync();

    /// <summary>A second store over the same storage as <paramref name="store"/> (a restarted process).</summary>
    protected abstract Task<IStateStore> ReopenAsync(IStateStore store);

    [Fact]
    public async Task LoadAsync_NothingSaved_ReturnsNull()
    {
        IStateStore store = await CreateStoreAsync().WaitAsync(Timeout);

        Assert.Null(await store.LoadAsync(CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task SaveAsync_ThenLoadFromReopenedStore_ReturnsPositionsStatesAndTime()
    {
        IStateStore store = await CreateStoreAsync().WaitAsync(Timeout);
        StateCheckpoint saved = Checkpoint(("shardId-000000000000", "49590338271490256608559692538361571095921575989136588898"), ("shardId-000000000001", "17"));

        await store.SaveAsync(saved, CancellationToken.None).WaitAsync(Timeout);
        IStateStore reopened = await ReopenAsync(store).WaitAsync(Timeout);
        StateCheckpoint? loaded = await reopened.LoadAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.NotNull(loaded);
        Assert.Equal(saved.Positions.OrderBy(p => p.Key), loaded.Positions.OrderBy(p => p.Key));
        Assert.Equal(saved.Stages.Select(s => (s.Name, Convert.ToHexString(s.Data))), loaded.Stages.Select(s => (s.Name, Convert.ToHexString(s.Data))));
        Assert.Equal(saved.TakenAt, loaded.TakenAt);
    }

    [Fact]
    public async Task SaveAsync_Twice_LoadReturnsTheNewest()
    {
        IStateStore store = await CreateStoreAsync().WaitAsync(Timeout);

        await store.SaveAsync(Checkpoint(("s", "1")), CancellationToken.None).WaitAsync(Timeout);
        await store.SaveAsync(Checkpoint(("s", "2")), CancellationToken.None).WaitAsync(Timeout);
        StateCheckpoint? loaded = await store.LoadAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.NotNull(loaded);
        Assert.Equal("2", loaded.Positions["s"]);
    }

    private static StateCheckpoint Checkpoint(params (string Shard, string Sequence)[] positions) => new(
        positions.ToDictionary(p => p.Shard, p => p.Sequence, StringComparer.Ordinal),
        [new StageState("scoring", [1, 2, 3, .. positions.SelectMany(p => System.Text.Encoding.UTF8.GetBytes(p.Sequence))]), new StageState("windows", new byte[4096])],
        new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero));
}
