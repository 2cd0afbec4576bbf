using StreamGuard.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Runtime.Sinks.Feeds;
using StreamGuard.Runtime.Sinks.Sqlite;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>The data folder is owner-only (0700) and every file in it 0600, new or left by an earlier version.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderPermissionsTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-perm-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertOwnerOnly(string root)
    {
        Assert.Equal(Folder, File.GetUnixFileMode(root));
        foreach (string folder in Directory.GetDirectories(root, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.GetUnixFileMode(folder) == Folder, $"{folder} is {File.GetUnixFileMode(folder)}");
        }

        foreach (string file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.GetUnixFileMode(file) == FileMode, $"{file} is {File.GetUnixFileMode(file)}");
        }
    }

    [Fact]
    public async Task Run_NewDataFolder_FolderAndEveryFileOwnerOnly()
    {
        string input = Path.Combine(_dir, "in.csv");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(input, "trans_date_trans_time,cc_num,merchant,category,amt,first,last,gender,street,city,state,zip,lat,long,city_pop,job,dob,trans_num,merch_lat,merch_long,is_fraud\n" +
            string.Join("\n", Enumerable.Range(0, 50).Select(i => $"2024-03-01 08:{i:D2}:00,4000000000000{i % 5:D3},Shop,grocery_pos,12.5,Ann,Lee,F,1 Main St,Springfield,IL,62701,39.78,-89.65,116250,Teacher,1980-05-05,t{i},39.8,-89.6,0")) + "\n");
        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, "data") };

        await EmbeddedRun.ExecuteAsync(input, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(options.DataDir, "archive"), "*.ndjson", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(options.DataDir, "privacy-ledger.jsonl")));
        AssertOwnerOnly(options.DataDir);
    }

    [Fact]
    public void Open_WhileOpen_WalAndSharedMemoryFilesOwnerOnly()
    {
        using var store = new SqliteStore(_dir);
        store.Execute("CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1);");

        Assert.True(File.Exists(store.Path + "-wal"));
        Assert.Equal(FileMode, File.GetUnixFileMode(store.Path + "-wal"));
        Assert.Equal(FileMode, File.GetUnixFileMode(store.Path + "-shm"));
        AssertOwnerOnly(_dir);
    }

    [Fact]
    public void Open_WorldReadableFolderOfEarlierVersion_Tightened()
    {
        const UnixFileMode WorldReadable = FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        string archive = Path.Combine(_dir, "archive", "2024", "03");
        Directory.CreateDirectory(archive);
        File.WriteAllText(Path.Combine(archive, "old.ndjson"), "{}\n");
        File.WriteAllText(Path.Combine(_dir, "privacy-ledger.jsonl"), "");
        foreach (string path in new[] { _dir, Path.Combine(_dir, "archive"), Path.Combine(_dir, "archive", "2024"), archive })
        {
            File.SetUnixFileMode(path, WorldReadable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        File.SetUnixFileMode(Path.Combine(archive, "old.ndjson"), WorldReadable);

        using (new SqliteStore(_dir))
        {
            AssertOwnerOnly(_dir);
        }
    }

    [Fact]
    public async Task Write_NewHourFolder_EveryCreatedFolderAndFileOwnerOnly()
    {
        DataFolderPermissions.Secure(_dir);
        var writer = new FolderFeedWriter(_dir);
        await writer.WriteAsync(new FeedObject(FeedOutputs.Archive, new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc), "shardId-000000000000-1-1", "{}\n"u8.ToArray(), 1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(Directory.GetFiles(_dir, "*.ndjson", SearchOption.AllDirectories));
        AssertOwnerOnly(_dir);
    }
}
