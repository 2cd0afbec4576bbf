using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>The quick check is skipped only for a database unchanged since a clean close.</summary>
public sealed class SqliteCleanCloseTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-clean-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Database => Path.Combine(_dir, SqliteStore.FileName);

    private void WriteRows()
    {
        using var store = new SqliteStore(_dir);
        store.Execute("INSERT INTO folder_meta (name, value) VALUES ('probe', 'x') ON CONFLICT (name) DO NOTHING;");
    }

    [Fact]
    public void ConsumeMarker_AfterCleanClose_TrueOnceThenFalse()
    {
        WriteRows();

        Assert.True(File.Exists(SqliteCleanClose.MarkerPath(Database)));
        Assert.True(SqliteCleanClose.ConsumeMarker(Database));
        Assert.False(File.Exists(SqliteCleanClose.MarkerPath(Database)));
        Assert.False(SqliteCleanClose.ConsumeMarker(Database));
    }

    [Fact]
    public void ConsumeMarker_OneByteChangedAfterClose_False()
    {
        WriteRows();
        using (FileStream file = File.OpenWrite(Database))
        {
            file.Position = file.Length - 10;
            file.WriteByte(0x5A);
        }

        Assert.False(SqliteCleanClose.ConsumeMarker(Database));
    }

    [Fact]
    public void Open_StoreStillOpen_HasNoMarker()
    {
        WriteRows();
        using var store = new SqliteStore(_dir);

        // Open means not closed cleanly: a crash now leaves no marker, so the next open checks everything.
        Assert.False(File.Exists(SqliteCleanClose.MarkerPath(Database)));
    }
}
