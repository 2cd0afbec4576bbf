using StreamGuard.Core.Streaming;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Processor.Tests.Contracts;

public sealed class SqliteCheckpointStoreContractTests : CheckpointStoreContractTests, IDisposable
{
    private readonly TempSqliteFolders _folders = new();
    private readonly Dictionary<ICheckpointStore, string> _dirOf = [];

    protected override Task<ICheckpointStore> CreateStoreAsync()
    {
        string dir = _folders.New();
        ICheckpointStore store = new SqliteCheckpointStore(_folders.Open(dir), TimeProvider.System);
        _dirOf[store] = dir;
        return Task.FromResult(store);
    }

    protected override Task<ICheckpointStore> ReopenAsync(ICheckpointStore store) =>
        Task.FromResult<ICheckpointStore>(new SqliteCheckpointStore(_folders.Open(_dirOf[store]), TimeProvider.System));

    public void Dispose() => _folders.Dispose();
}
