using System.Text.Json;
using StreamGuard.Processor.Commands;
using StreamGuard.Producer.Generation;

namespace StreamGuard.Processor.Tests.Cli;

/// <summary>`run --rate N`: the source paced at N events per second, latency reported per record.</summary>
public sealed class RunRateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-cli-rate-").FullName;
    private readonly string _input;
    private readonly long _rows;

    public RunRateTests()
    {
        _input = Path.Combine(_dir, "input.csv");
        var generator = new TransactionGenerator(new GeneratorOptions(5, 3, 3, new DateOnly(2024, 2, 1)));
        using var writer = new SparkovCsvWriter(new StreamWriter(_input));
        foreach (GeneratedTransaction t in generator.Generate())
        {
            writer.Write(t);
        }

        _rows = writer.Rows;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_Rate_TakesAtLeastTheRowsOverTheRateAndReportsLatency()
    {
        Assert.InRange(_rows, 10, 400);

        var (exit, stdout, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--data-dir", Path.Combine(_dir, "data"), "--rate", "100", "--json");

        Assert.True(exit == 0, stderr);
        JsonElement summary = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal(_rows, summary.GetProperty("events").GetInt64());
        // Paced: the last record cannot be sent before (rows - 1) / rate seconds.
        Assert.True(summary.GetProperty("elapsed_seconds").GetDouble() >= (_rows - 1) / 100.0, stdout);
        double p50 = summary.GetProperty("latency_ms_p50").GetDouble();
        Assert.True(p50 > 0 && p50 <= summary.GetProperty("latency_ms_p99").GetDouble(), stdout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Run_RateNotPositive_OneLineAndExit2(string rate)
    {
        var (exit, _, stderr) = await CliProcess.RunAsync(CliProcess.Processor, "run", "--input", _input, "--data-dir", Path.Combine(_dir, "data"), "--rate", rate);

        Assert.Equal(2, exit);
        Assert.StartsWith("--rate must be above 0", stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stderr.Trim());
    }

    [Theory]
    [InlineData(5_000, 125)]
    [InlineData(50, 1)]
    [InlineData(200, 5)]
    [InlineData(10_000_000, 2_000)]
    public void OrderedBlockSizeFor_Rate_AboutTwentyFiveMillisecondsOfRecords(double rate, int expected)
    {
        Assert.Equal(expected, RunCommand.OrderedBlockSizeFor(rate));
    }
}
