using StreamGuard.Pipeline.State;
using Xunit;

namespace StreamGuard.Tests.Shared.Contracts;

/// <summary>
/// What every <see cref="ISharedModelStore"/> promises, run against each implementation (SQLite in the processor
/// tests, S3 and DynamoDB on the emulators in the aws tests): nothing before the first version, a version read back
/// whole by another process, and a publication that does not build on the newest version refused without writing over it.
/// </summary>
public abstract class SharedModelStoreContractTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A new, empty store; each call gives an independent one.</summary>
    protected abstract Task<ISharedModelStore> CreateStoreAsync();

    /// <summary>A second store over the same storage as <paramref name="store"/> (another worker).</summary>
    protected abstract Task<ISharedModelStore> ReopenAsync(ISharedModelStore store);

    [Fact]
    public async Task GetCurrentAsync_NothingPublished_ReturnsNull()
    {
        ISharedModelStore store = await CreateStoreAsync().WaitAsync(Timeout);

        Assert.Null(await store.GetCurrentAsync(CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task TryPublishAsync_FirstVersionThenReadByAnotherWorker_ReturnsItWhole()
    {
        ISharedModelStore store = await CreateStoreAsync().WaitAsync(Timeout);
        SharedModelVersion first = Version(1, "worker-a/shardId-000000000001", 4096);

        Assert.True(await store.TryPublishAsync(first, CancellationToken.None).WaitAsync(Timeout));
        ISharedModelStore other = await ReopenAsync(store).WaitAsync(Timeout);
        SharedModelVersion? read = await other.GetCurrentAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal(first.Publisher, read.Publisher);
        Assert.Equal(first.PublishedAt.ToUnixTimeMilliseconds(), read.PublishedAt.ToUnixTimeMilliseconds());
        Assert.Equal(Convert.ToHexString(first.Data), Convert.ToHexString(read.Data));
    }

    [Fact]
    public async Task TryPublishAsync_TwoWorkersPublishTheSameVersion_SecondRefusedAndFirstKept()
    {
        ISharedModelStore a = await CreateStoreAsync().WaitAsync(Timeout);
        ISharedModelStore b = await ReopenAsync(a).WaitAsync(Timeout);
        Assert.True(await a.TryPublishAsync(Version(1, "a", 16), CancellationToken.None).WaitAsync(Timeout));

        bool second = await b.TryPublishAsync(Version(1, "b", 32), CancellationToken.None).WaitAsync(Timeout);

        Assert.False(second);
        SharedModelVersion? current = await b.GetCurrentAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.NotNull(current);
        Assert.Equal(("a", 16), (current.Publisher, current.Data.Length));
    }

    [Fact]
    public async Task TryPublishAsync_NextVersionOnTheNewest_AcceptedAndAGapRefused()
    {
        ISharedModelStore store = await CreateStoreAsync().WaitAsync(Timeout);
        Assert.True(await store.TryPublishAsync(Version(1, "a", 8), CancellationToken.None).WaitAsync(Timeout));

        Assert.True(await store.TryPublishAsync(Version(2, "b", 9), CancellationToken.None).WaitAsync(Timeout));
        Assert.False(await store.TryPublishAsync(Version(4, "c", 10), CancellationToken.None).WaitAsync(Timeout));
        Assert.False(await store.TryPublishAsync(Version(2, "d", 11), CancellationToken.None).WaitAsync(Timeout));

        SharedModelVersion? current = await store.GetCurrentAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.NotNull(current);
        Assert.Equal((2L, "b"), (current.Version, current.Publisher));
        Assert.Null(await store.GetNewerAsync(2, CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(2L, (await store.GetNewerAsync(1, CancellationToken.None).WaitAsync(Timeout))?.Version);
    }

    private static SharedModelVersion Version(long version, string publisher, int bytes) =>
        new(version, publisher, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero).AddMinutes(version), [.. Enumerable.Range(0, bytes).Select(i => (byte)(i * 7 + version))]);
}
