using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Contracts;

/// <summary>Temporary data folders and the SQLite stores opened on them, closed and deleted on dispose.</summary>
internal sealed class TempSqliteFolders : IDisposable
{
    private readonly List<string> _dirs = [];
    private readonly List<SqliteStore> _stores = [];

    public string New()
    {
        string dir = Directory.CreateTempSubdirectory("sg-contract-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    public SqliteStore Open(string dir)
    {
        var store = new SqliteStore(dir);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (SqliteStore store in _stores)
        {
            store.Dispose();
        }

        foreach (string dir in _dirs)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the temp cleaner.
            }
        }
    }
}
