using System.Globalization;
using StreamGuard.Core.Streaming;
using StreamGuard.Core.Streaming.Embedded;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Tests.Shared.Contracts;

namespace StreamGuard.Processor.Tests.Contracts;

/// <summary>The embedded mode's store: SQLite checkpoints that also trim the in-process stream.</summary>
public sealed class TrimmingCheckpointStoreContractTests : CheckpointStoreContractTests, IDisposable
{
    private readonly TempSqliteFolders _folders = new();
    private readonly Dictionary<ICheckpointStore, string> _dirOf = [];
    private readonly EmbeddedStream _stream = new(new EmbeddedStreamOptions { ShardCount = Shards.Length });

    // The embedded stream's numbers: "49", the shard index, and a 20-digit counter.
    protected override string Sequence(int shard, long ordinal) =>
        "49" + shard.ToString("D4", CultureInfo.InvariantCulture) + ordinal.ToString("D20", CultureInfo.InvariantCulture);

    protected override Task<ICheckpointStore> CreateStoreAsync()
    {
        string dir = _folders.New();
        ICheckpointStore store = new TrimmingCheckpointStore(new SqliteCheckpointStore(_folders.Open(dir), TimeProvider.System), _stream);
        _dirOf[store] = dir;
        return Task.FromResult(store);
    }

    protected override Task<ICheckpointStore> ReopenAsync(ICheckpointStore store) =>
        Task.FromResult<ICheckpointStore>(new TrimmingCheckpointStore(new SqliteCheckpointStore(_folders.Open(_dirOf[store]), TimeProvider.System), _stream));

    public void Dispose() => _folders.Dispose();
}
