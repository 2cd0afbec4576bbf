using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Processor.Tests.Cli;

/// <summary>`run` prints a readable table and keeps its JSON line; `inspect` describes the folder it left, without changing it.</summary>
public sealed class InspectAndSummaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-cli-inspect-").FullName;
    private readonly string _input;
    private readonly long _rows;

    public InspectAndSummaryTests()
    {
        _input = Path.Combine(_dir, "input.csv");
        var generator = new TransactionGenerator(new GeneratorOptions(40, 10, 5, new DateOnly(2024, 3, 1)));
        using var writer = new SparkovCsvWriter(new StreamWriter(_input));
        foreach (GeneratedTransaction t in generator.Generate())
        {
            writer.Write(t);
        }

        _rows = writer.Rows;
    }

    [Fact]
    public async Task RunThenInspect_GeneratedFile_TableJsonAndFolderReportAgreeAndFolderUnchanged()
    {
        string data = Path.Combine(_dir, "data");
        // Two unreadable rows appended: the summary must list their reason.
        await File.AppendAllLinesAsync(_input, ["999999,2024-03-02 10:00:00,2.29E+15,shop,misc_pos,1.00,A,B,F,1 St,X,CA,90001,1,1,1,J,1990-01-01,badrow1,0,1,1,0", "x,y"]);

        var run = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--data-dir", data, "--json");

        Assert.True(run.Exit == 0, run.Stderr);
        string[] lines = run.Stdout.TrimEnd().Split('\n');
        JsonElement summary = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal(_rows + 2, summary.GetProperty("events").GetInt64());
        Assert.Equal(2, summary.GetProperty("dead_lettered").GetInt64());
        // The state fold ran without an error: the key is there, and null.
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("state").GetProperty("fold_error").ValueKind);
        string table = string.Join('\n', lines[..^1]);
        Assert.Contains($"│ processed ", table, StringComparison.Ordinal);
        Assert.Contains(_rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), table, StringComparison.Ordinal);
        Assert.Contains("dead letters", table, StringComparison.Ordinal);
        Assert.Contains("(2 unreadable rows)", table, StringComparison.Ordinal);
        Assert.Contains("1 × the row has 2 fields but the header has", table, StringComparison.Ordinal);
        Assert.Matches("reconciled with the transactions table: [a-z, ]*day", table);
        Assert.DoesNotContain("busy seconds", table, StringComparison.Ordinal);

        // A table another branch may add later (inputs consumed) shows up by itself.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "streamguard.db")};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE consumed_inputs (path TEXT, offset INTEGER); INSERT INTO consumed_inputs VALUES ('input.csv', 1234);";
            create.ExecuteNonQuery();
        }

        Dictionary<string, string> before = Hashes(data);
        var inspect = await CliProcess.RunAsync(CliProcess.Processor, "inspect", "--data-dir", data, "--json");

        Assert.True(inspect.Exit == 0, inspect.Stderr);
        Assert.Equal(before, Hashes(data));
        JsonElement report = JsonDocument.Parse(inspect.Stdout.TrimEnd().Split('\n')[^1]).RootElement;
        Assert.Equal(_rows, report.GetProperty("tables").GetProperty("transactions").GetInt64());
        Assert.Equal(2, report.GetProperty("tables").GetProperty("dead_letters").GetInt64());
        Assert.Equal(summary.GetProperty("alerts").GetInt64(), report.GetProperty("alerts_by_type").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.Equal("1234", report.GetProperty("inputs").GetProperty("consumed_inputs")[0].GetProperty("offset").GetString());
        Assert.Equal(2, report.GetProperty("dead_letters_by_reason").EnumerateArray().Sum(r => r.GetProperty("count").GetInt64()));
        Assert.Contains(report.GetProperty("windows").EnumerateArray(), w => w.GetProperty("window").GetString() == "day" && w.GetProperty("reconciled").GetBoolean());
        Assert.Equal(summary.GetProperty("privacy").GetProperty("epsilon_spent").GetDouble(), report.GetProperty("privacy").GetProperty("epsilon_spent").GetDouble(), 6);
        Assert.True(report.GetProperty("state")[0].GetProperty("bytes").GetInt64() > 0);
        Assert.Equal(before.Keys.Sum(f => new FileInfo(Path.Combine(data, f)).Length), report.GetProperty("disk_bytes").GetInt64());
        Assert.Contains("privacy budget", inspect.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Verbose_ShowsTheDetails()
    {
        var run = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--data-dir", Path.Combine(_dir, "verbose"), "--verbose");

        Assert.True(run.Exit == 0, run.Stderr);
        Assert.Contains("busy seconds", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("latency", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_MissingFolder_OneLineExit2()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "inspect", "--data-dir", Path.Combine(_dir, "nope"));

        Assert.Equal(2, exit);
        Assert.Equal($"--data-dir: '{Path.Combine(_dir, "nope")}' does not exist.", stderr.Trim());
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
