using StreamGuard.Producer.Generation;

namespace StreamGuard.Processor.Tests.Cli;

/// <summary>Every user error ends with one line naming the problem and exit 2 (3 for an input without a readable row), never a stack trace.</summary>
public sealed class CleanFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-cli-fail-").FullName;
    private readonly string _input;

    public CleanFailureTests()
    {
        _input = Path.Combine(_dir, "input.csv");
        var generator = new TransactionGenerator(new GeneratorOptions(5, 2, 3, new DateOnly(2024, 2, 1)));
        using var writer = new SparkovCsvWriter(new StreamWriter(_input));
        foreach (GeneratedTransaction t in generator.Generate())
        {
            writer.Write(t);
        }
    }

    [Fact]
    public async Task Run_UnknownOption_OneLineNamingItAndExit2()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--inptu", _input);

        Assert.Equal(2, exit);
        Assert.Equal("--inptu: unknown option for 'run' (did you mean --input?); see --help.", OneLine(stderr));
        Assert.DoesNotContain("Usage", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ShardsNotANumber_NamesTheOptionAndWhatItAccepts()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--shards", "abc");

        Assert.Equal(2, exit);
        Assert.Equal("--shards: 'abc' is not valid; it accepts a whole number.", OneLine(stderr));
    }

    [Fact]
    public async Task Run_MissingRequiredInput_SaysItIsRequired()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run");

        Assert.Equal(2, exit);
        Assert.Equal("--input is required: a file path.", OneLine(stderr));
    }

    [Fact]
    public async Task Run_DirectoryAsInput_SaysItIsADirectory()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _dir, "--data-dir", Path.Combine(_dir, "data"));

        Assert.Equal(2, exit);
        Assert.Equal($"--input: '{_dir}' is a directory; give a file.", OneLine(stderr));
    }

    [Fact]
    public async Task Run_FileAsDataDir_SaysItIsAFile()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--data-dir", _input);

        Assert.Equal(2, exit);
        Assert.Equal($"--data-dir: '{_input}' is a file; give a folder.", OneLine(stderr));
    }

    [Fact]
    public async Task Run_UnwritableDataDir_SaysItCannotBeWritten()
    {
        // Tests may run as root, which writes through file modes: /sys refuses everyone.
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--data-dir", "/sys/streamguard-test");

        Assert.Equal(2, exit);
        Assert.StartsWith("--data-dir: '/sys/streamguard-test' cannot be written", OneLine(stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidSetting_OneLineNamingTheSetting()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--data-dir", Path.Combine(_dir, "data"), "--shards", "0");

        Assert.Equal(2, exit);
        Assert.Contains("ShardCount", OneLine(stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CorruptDatabase_ExitsTwoWithWhatToDoAndNoStackTrace()
    {
        string data = Path.Combine(_dir, "corrupt");
        Directory.CreateDirectory(data);
        await File.WriteAllBytesAsync(Path.Combine(data, "streamguard.db"), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--data-dir", data);

        Assert.Equal(2, exit);
        string line = OneLine(stderr);
        Assert.Contains("corrupt", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--reset", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAndEvaluate_NoReadableRow_ExitThreeWithoutNaN()
    {
        string bad = Path.Combine(_dir, "bad.csv");
        string[] lines = await File.ReadAllLinesAsync(_input);
        // Same header, every card number mangled by a spreadsheet: no row can be read faithfully.
        await File.WriteAllLinesAsync(bad, [lines[0], .. lines.Skip(1).Take(20).Select(l => { string[] f = l.Split(','); f[2] = "2.29E+15"; return string.Join(',', f); })]);

        var run = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", bad, "--data-dir", Path.Combine(_dir, "bad-data"));
        var evaluate = await CliProcess.RunAsync(CliProcess.Processor, "evaluate", "--input", bad);

        Assert.Equal(3, run.Exit);
        Assert.Contains("has no readable row", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("20", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, evaluate.Exit);
        Assert.Contains("has no readable labelled row", OneLine(evaluate.Stderr), StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", evaluate.Stdout + evaluate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_UnwritableOut_OneLineExit2()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Producer, "generate", "--customers", "3", "--days", "1", "--out", "/sys/streamguard-test/out.csv");

        Assert.Equal(2, exit);
        Assert.StartsWith("--out: '/sys/streamguard-test' cannot be written", OneLine(stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_DirectoryAsPath_SaysItIsADirectory()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Producer, "replay", _dir, "--dead-letters", Path.Combine(_dir, "dl.ndjson"));

        Assert.Equal(2, exit);
        Assert.Equal($"PATH: '{_dir}' is a directory; give a file.", OneLine(stderr));
    }

    [Fact]
    public async Task Producer_UnknownOption_OneLineExit2()
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Producer, "generate", "--custmers", "3", "--out", Path.Combine(_dir, "g.csv"));

        Assert.Equal(2, exit);
        Assert.Equal("--custmers: unknown option for 'generate' (did you mean --customers?); see --help.", OneLine(stderr));
    }

    /// <summary>The whole of stderr, which must be exactly one line without a stack trace.</summary>
    private static string OneLine(string stderr)
    {
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{stderr}");
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        return lines[0];
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
