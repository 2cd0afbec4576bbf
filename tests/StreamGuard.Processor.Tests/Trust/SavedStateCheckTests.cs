using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StreamGuard.Core;
using StreamGuard.Processor.Commands;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Processor.Tests.Trust;

/// <summary>
/// Saved state that is corrupt, truncated, copied from another data folder or missing stops the
/// next run with a message that says what to do, instead of being mixed into the folder's totals.
/// </summary>
public sealed class SavedStateCheckTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-state-" + Guid.NewGuid().ToString("N"));
    private readonly string _first;
    private readonly string _second;
    private readonly string _key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray());

    public SavedStateCheckTests()
    {
        Directory.CreateDirectory(_dir);
        _first = Write("first.csv", 1, new DateOnly(2024, 1, 1));
        _second = Write("second.csv", 2, new DateOnly(2024, 1, 20));
    }

    [Fact]
    public async Task Run_StateWithAFlippedByte_StopsWithCorruptAndTheWayOut()
    {
        string folder = await FirstRunAsync("flipped");
        Rewrite(folder, data => data[^40] ^= 0x5A);

        UserErrorException e = await Assert.ThrowsAsync<UserErrorException>(() => SecondRunAsync(folder));

        Assert.Equal(2, e.ExitCode);
        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
        Assert.Contains("--reset", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TruncatedState_StopsWithTruncated()
    {
        string folder = await FirstRunAsync("truncated");
        Rewrite(folder, _ => { }, resize: true);

        UserErrorException e = await Assert.ThrowsAsync<UserErrorException>(() => SecondRunAsync(folder));

        Assert.Contains("truncated or corrupt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StateCopiedFromAnotherFolder_StopsNamingTheOtherFolder()
    {
        string folder = await FirstRunAsync("target");
        string other = await FirstRunAsync("other");
        byte[] foreign = ReadState(other);
        Rewrite(folder, _ => { }, replacement: foreign);

        UserErrorException e = await Assert.ThrowsAsync<UserErrorException>(() => SecondRunAsync(folder));

        Assert.Contains("copied from another data folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StateDeletedWhileOutputsExist_StopsInsteadOfCountingAgain()
    {
        string folder = await FirstRunAsync("deleted");
        Execute(folder, "DELETE FROM state");

        UserErrorException e = await Assert.ThrowsAsync<UserErrorException>(() => SecondRunAsync(folder));

        Assert.Contains("saved state is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ResetAfterCorruption_StartsTheFolderOverAndKeepsTheLedger()
    {
        string folder = await FirstRunAsync("reset");
        Rewrite(folder, data => data[^10] ^= 1);
        string ledger = Path.Combine(folder, "privacy-ledger.jsonl");
        long ledgerBytes = new FileInfo(ledger).Length;

        DataFolderReset.Reset(folder);
        RunSummary summary = await SecondRunAsync(folder);

        Assert.Equal("completed", summary.Outcome);
        Assert.True(summary.WindowsReconciled);
        Assert.True(new FileInfo(ledger).Length >= ledgerBytes);
    }

    [Fact]
    public async Task Run_UnorderedSparkovSample_EveryWindowKindReconcilesWithTheTransactions()
    {
        var options = Options("sparkov");

        RunSummary summary = await EmbeddedRun.ExecuteAsync(Support.SharedData.File("sparkov", "credit_card_transactions_sample15k.csv"), options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(summary.Insight!.LateEvents > 0, "the sample is not in event-time order: some transactions must arrive late");
        Assert.NotEmpty(summary.Reconciliation!);
        Assert.All(summary.Reconciliation!, r => Assert.True(r.Reconciled, $"{r.Windows}: {r.WindowCount} tx ${r.WindowAmount} against {r.TransactionCount} tx ${r.TransactionAmount}"));
    }

    private async Task<string> FirstRunAsync(string name)
    {
        StreamGuardOptions options = Options(name);
        RunSummary summary = await EmbeddedRun.ExecuteAsync(_first, options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal("completed", summary.Outcome);
        return options.DataDir;
    }

    private Task<RunSummary> SecondRunAsync(string folder) =>
        EmbeddedRun.ExecuteAsync(_second, Options(Path.GetFileName(folder)), NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

    private StreamGuardOptions Options(string name)
    {
        var options = new StreamGuardOptions { DataDir = Path.Combine(_dir, name) };
        options.Privacy.PseudonymKey = _key;
        return options;
    }

    private string Write(string name, int seed, DateOnly start)
    {
        string path = Path.Combine(_dir, name);
        using var writer = new SparkovCsvWriter(new StreamWriter(path));
        foreach (GeneratedTransaction t in new TransactionGenerator(new GeneratorOptions(40, 10, seed, start)).Generate())
        {
            writer.Write(t);
        }

        return path;
    }

    private static byte[] ReadState(string folder)
    {
        using SqliteConnection connection = Open(folder);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM state";
        return (byte[])command.ExecuteScalar()!;
    }

    private static void Rewrite(string folder, Action<byte[]> change, bool resize = false, byte[]? replacement = null)
    {
        byte[] data = replacement ?? ReadState(folder);
        if (resize)
        {
            data = data[..(data.Length / 2)];
        }
        else
        {
            change(data);
        }

        using SqliteConnection connection = Open(folder);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE state SET data = $data";
        command.Parameters.Add("$data", SqliteType.Blob).Value = data;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static void Execute(string folder, string sql)
    {
        using SqliteConnection connection = Open(folder);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string folder)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "streamguard.db"), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
