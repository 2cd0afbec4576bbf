using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using StreamGuard.Processor.Commands;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sg-train-test-").FullName;

    [Fact]
    public async Task Train_GeneratedGzipFile_WritesAModelThatEvaluateUses()
    {
        string csv = Path.Combine(_directory, "train.csv");
        SparkovCsvFile.Write(csv, SyntheticCardStream.Generate(120, 40, seed: 61, fraudCardShare: 0.5));
        string gz = csv + ".gz";
        using (FileStream source = File.OpenRead(csv))
        using (var target = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            await source.CopyToAsync(target).WaitAsync(TimeSpan.FromMinutes(1));
        }

        string heldOut = Path.Combine(_directory, "held-out.csv");
        SparkovCsvFile.Write(heldOut, SyntheticCardStream.Generate(80, 30, seed: 62, fraudCardShare: 0.5));
        string model = Path.Combine(_directory, "fraud.model");

        (int trainExit, string trainOutput) = await InvokeAsync(["train", "--input", gz, "--out", model, "--trees", "60", "--json"]);
        Assert.True(trainExit == 0, trainOutput);
        using JsonDocument trained = JsonDocument.Parse(trainOutput.TrimEnd().Split('\n')[^1]);
        JsonElement t = trained.RootElement;
        Assert.True(t.GetProperty("rows").GetInt64() > 3000, trainOutput);
        Assert.True(t.GetProperty("frauds").GetInt64() > 50, trainOutput);
        Assert.True(t.GetProperty("validation_pr_auc").GetDouble() > 0.5, trainOutput);
        Assert.True(t.GetProperty("validation_roc_auc").GetDouble() > 0.8, trainOutput);
        Assert.True(t.GetProperty("seconds").GetDouble() > 0);
        string version = t.GetProperty("model_version").GetString()!;
        Assert.StartsWith("gbt-", version, StringComparison.Ordinal);
        Assert.True(File.Exists(model));

        (int evaluateExit, string evaluateOutput) = await InvokeAsync(["evaluate", "--input", heldOut, "--model", model, "--json", "--data-dir", Path.Combine(_directory, "data")]);
        Assert.True(evaluateExit == 0, evaluateOutput);
        using JsonDocument evaluated = JsonDocument.Parse(evaluateOutput.TrimEnd().Split('\n')[^1]);
        JsonElement e = evaluated.RootElement;
        Assert.Equal(version, e.GetProperty("model_version").GetString());
        Assert.Equal(0, e.GetProperty("retrains").GetInt64());
        Assert.True(e.GetProperty("pr_auc").GetDouble() > 0.5, evaluateOutput);
        Assert.NotEmpty(e.GetProperty("pr_auc_by_month").EnumerateObject());
    }

    [Fact]
    public async Task Train_MissingInput_FailsNamingTheOption()
    {
        (int exit, string output) = await InvokeAsync(["train", "--input", Path.Combine(_directory, "nope.csv"), "--out", Path.Combine(_directory, "m.model")]);

        Assert.Equal(2, exit);
        Assert.StartsWith("--input:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_ModelThatIsNotOne_FailsNamingTheOption()
    {
        string input = Path.Combine(_directory, "tiny.csv");
        SparkovCsvFile.Write(input, SyntheticCardStream.Generate(2, 2, seed: 1));
        string model = Path.Combine(_directory, "bad.model");
        await File.WriteAllTextAsync(model, "not a model").WaitAsync(TimeSpan.FromSeconds(10));

        (int exit, string output) = await InvokeAsync(["evaluate", "--input", input, "--model", model]);

        Assert.Equal(2, exit);
        Assert.Contains("--model", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> InvokeAsync(string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand { TrainCommand.Create(), EvaluateCommand.Create() };
        int exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output }).WaitAsync(TimeSpan.FromMinutes(3));
        return (exit, output.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
