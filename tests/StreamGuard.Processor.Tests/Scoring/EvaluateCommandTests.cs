using System.CommandLine;
using System.Text.Json;
using StreamGuard.Processor.Commands;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sg-evaluate-test-").FullName;

    [Fact]
    public async Task Evaluate_GeneratedFileWithJson_EndsWithTheContractedMetrics()
    {
        string input = Path.Combine(_directory, "generated.csv");
        SparkovCsvFile.Write(input, SyntheticCardStream.Generate(120, 30, seed: 17, fraudCardShare: 0.5));
        var output = new StringWriter();
        var root = new RootCommand { EvaluateCommand.Create() };

        int exit = await root.Parse(["evaluate", "--input", input, "--label-delay", "3d", "--alert-budget", "0.02", "--json", "--data-dir", Path.Combine(_directory, "data")])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output })
            .WaitAsync(TimeSpan.FromMinutes(2));

        // The command's own words (stdout and stderr share the writer) say why when it fails.
        Assert.True(exit == 0, $"exit {exit}: {output}");
        string last = output.ToString().TrimEnd().Split('\n')[^1];
        using JsonDocument json = JsonDocument.Parse(last);
        JsonElement r = json.RootElement;
        string[] names = ["events", "frauds", "roc_auc", "pr_auc", "recall_at_1pct", "alerts", "precision_at_alerts", "recall_at_alerts", "events_per_second", "model_version", "retrains", "pr_auc_by_month", "baselines"];
        Assert.Equal(names, r.EnumerateObject().Select(p => p.Name));
        Assert.True(r.GetProperty("events").GetInt64() > 3000);
        Assert.True(r.GetProperty("frauds").GetInt64() > 50);
        Assert.True(r.GetProperty("roc_auc").GetDouble() > 0.9, last);
        Assert.True(r.GetProperty("pr_auc").GetDouble() > 0.3, last);
        Assert.InRange(r.GetProperty("alerts").GetInt64(), 1, r.GetProperty("events").GetInt64() / 20);
        foreach (string baseline in new[] { "amount", "isolation_forest" })
        {
            JsonElement b = r.GetProperty("baselines").GetProperty(baseline);
            Assert.Equal(["pr_auc", "recall_at_1pct", "roc_auc"], b.EnumerateObject().Select(p => p.Name));
            Assert.InRange(b.GetProperty("roc_auc").GetDouble(), 0.3, 1);
        }

        Assert.Contains("baseline       isolation_forest: pr_auc ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_BadLabelDelay_FailsNamingTheOption()
    {
        string input = Path.Combine(_directory, "tiny.csv");
        SparkovCsvFile.Write(input, SyntheticCardStream.Generate(2, 2, seed: 1));
        var output = new StringWriter();
        var root = new RootCommand { EvaluateCommand.Create() };

        int exit = await root.Parse(["evaluate", "--input", input, "--label-delay", "soon"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output })
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, exit);
        Assert.Contains("--label-delay", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("36h", 36 * 60)]
    [InlineData("90m", 90)]
    [InlineData("1.00:00:00", 24 * 60)]
    public void TryParseDuration_KnownForms_Parse(string text, int minutes)
    {
        Assert.True(EvaluateCommand.TryParseDuration(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
