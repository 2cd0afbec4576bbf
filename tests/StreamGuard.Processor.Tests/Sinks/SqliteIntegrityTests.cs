using System.Security.Cryptography;
using StreamGuard.Core;
using StreamGuard.Privacy;
using StreamGuard.Runtime.Sinks.Sqlite;
using StreamGuard.Insight.Windows;

namespace StreamGuard.Processor.Tests.Sinks;

/// <summary>A damaged database stops the start with a user error saying what to do, and is not written on.</summary>
public sealed class SqliteIntegrityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-corrupt-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> DatabaseWithRowsAsync()
    {
        using (var store = new SqliteStore(_dir))
        {
            var key = SealingKey.FromBase64(Convert.ToBase64String(new byte[32]), "test");
            var sink = new SqliteSink(store, new DeadLetterProtector(key), TimeProvider.System, new WindowOptions());
            await DeadLetterBatches.WriteAsync(sink, [.. Enumerable.Range(0, 400).Select(i => new Core.Model.DeadLetter("file:a.csv#sha256=00", $"line {i}", "read", "bad row", new string('x', 500)))]);
            store.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        return Path.Combine(_dir, SqliteStore.FileName);
    }

    private static void AssertStopsWithAdvice(string dir)
    {
        UserErrorException error = Assert.Throws<UserErrorException>(() => new SqliteStore(dir).Dispose());
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("is damaged", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("restore the folder from a backup or run with --reset to start it over.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Open_PageOfGarbage_StopsWithUserError()
    {
        string db = await DatabaseWithRowsAsync();
        Assert.True(new FileInfo(db).Length > 8 * 4096);
        using (FileStream file = File.OpenWrite(db))
        {
            file.Position = 5 * 4096;
            file.Write(RandomNumberGenerator.GetBytes(4096));
        }

        AssertStopsWithAdvice(_dir);
    }

    [Fact]
    public async Task Open_TruncatedDatabase_StopsWithUserError()
    {
        string db = await DatabaseWithRowsAsync();
        using (FileStream file = File.OpenWrite(db))
        {
            file.SetLength(file.Length / 2);
        }

        AssertStopsWithAdvice(_dir);
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_StopsWithUserErrorAndLeavesItAlone()
    {
        Directory.CreateDirectory(_dir);
        string db = Path.Combine(_dir, SqliteStore.FileName);
        byte[] garbage = RandomNumberGenerator.GetBytes(20_000);
        File.WriteAllBytes(db, garbage);

        AssertStopsWithAdvice(_dir);
        Assert.Equal(garbage, File.ReadAllBytes(db));
    }

    [Fact]
    public async Task Run_PageOfGarbage_ExitsTwoAndLeavesTheDatabaseAsItWas()
    {
        string db = await DatabaseWithRowsAsync();
        using (FileStream file = File.OpenWrite(db))
        {
            file.Position = 5 * 4096;
            file.Write(RandomNumberGenerator.GetBytes(4096));
        }

        byte[] damaged = File.ReadAllBytes(db);
        string input = Path.Combine(_dir, "in.csv");
        File.WriteAllText(input, "trans_date_trans_time,cc_num,merchant,category,amt,trans_num\n2024-01-01 00:00:00,4263982640269299,Shop,grocery_pos,1.50,t1\n");
        var root = new System.CommandLine.RootCommand { Commands.RunCommand.Create() };

        int exit = await root.Parse(["run", "--input", input, "--data-dir", _dir])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null })
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exit);
        Assert.Equal(damaged, File.ReadAllBytes(db));
    }

    [Fact]
    public async Task Open_HealthyDatabase_OpensWithItsRows()
    {
        await DatabaseWithRowsAsync();

        using var store = new SqliteStore(_dir);

        Assert.Equal(400, store.Count("dead_letters"));
    }
}
