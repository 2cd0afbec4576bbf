using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Pipeline.State;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Processor.Tests.Contracts;

public sealed class SqliteStateStoreContractTests : StateStoreContractTests, IDisposable
{
    private readonly TempSqliteFolders _folders = new();
    private readonly Dictionary<IStateStore, string> _dirOf = [];

    protected override Task<IStateStore> CreateStoreAsync()
    {
        string dir = _folders.New();
        IStateStore store = new SqliteStateStore(_folders.Open(dir), "key-1");
        _dirOf[store] = dir;
        return Task.FromResult(store);
    }

    protected override Task<IStateStore> ReopenAsync(IStateStore store) =>
        Task.FromResult<IStateStore>(new SqliteStateStore(_folders.Open(_dirOf[store]), "key-1"));

    public void Dispose() => _folders.Dispose();
}
