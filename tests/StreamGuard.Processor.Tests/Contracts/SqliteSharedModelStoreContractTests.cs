using StreamGuard.Pipeline.State;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Processor.Tests.Contracts;

public sealed class SqliteSharedModelStoreContractTests : SharedModelStoreContractTests, IDisposable
{
    private readonly TempSqliteFolders _folders = new();
    private readonly Dictionary<ISharedModelStore, string> _dirOf = [];

    protected override Task<ISharedModelStore> CreateStoreAsync()
    {
        string dir = _folders.New();
        ISharedModelStore store = new SqliteSharedModelStore(_folders.Open(dir));
        _dirOf[store] = dir;
        return Task.FromResult(store);
    }

    protected override Task<ISharedModelStore> ReopenAsync(ISharedModelStore store)
    {
        ISharedModelStore reopened = new SqliteSharedModelStore(_folders.Open(_dirOf[store]));
        _dirOf[reopened] = _dirOf[store];
        return Task.FromResult(reopened);
    }

    public void Dispose() => _folders.Dispose();
}
