using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Core.Ingestion;
using StreamGuard.Processor.Hosting;
using StreamGuard.Processor.Scoring;
using StreamGuard.Processor.Scoring.Evaluation;

namespace StreamGuard.Processor.Commands;

/// <summary>
/// `evaluate`: the real embedded pipeline over a labelled file in event-time order, scoring each
/// event before learning from it, then ranking and alert metrics. With --json the last line is the
/// report (field names are a contract).
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>Events between the start of a background retraining and its swap in evaluate runs.</summary>
    internal const int EvaluationRetrainSwapAfterEvents = 5_000;

    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "A labelled Sparkov CSV (is_fraud).", Required = true };
        var labelDelay = new Option<string?>("--label-delay") { Description = "Learn from fraud labels this long after each event, in event time (e.g. 7d, 36h, 90m); off by default." };
        var budget = new Option<double?>("--alert-budget") { Description = "Fraction of events that may alert (default 0.01)." };
        var seed = new Option<int?>("--seed") { Description = "Model seed (default 42)." };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Where the run's database and output go (default: a temporary folder, removed afterwards)." };
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the metrics." };
        var model = new Option<FileInfo?>("--model") { Description = "A model file written by `train`; its probability is blended with the online score." };
        var command = new Command("evaluate", "Measure the fraud scorer prequentially through the real pipeline over a labelled file.") { input, labelDelay, budget, seed, dataDir, json, model };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            parse.GetValue(input)!, parse.GetValue(labelDelay), parse.GetValue(budget), parse.GetValue(seed), parse.GetValue(dataDir), parse.GetValue(json), parse.GetValue(model), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, FileInfo input, string? labelDelay, double? budget, int? seed, DirectoryInfo? dataDir, bool json, FileInfo? model, CancellationToken cancellationToken)
    {
        if (!input.Exists)
        {
            await error.WriteLineAsync($"--input: '{input.FullName}' does not exist.").ConfigureAwait(false);
            return 2;
        }

        var scoring = new ScoringOptions();
        if (labelDelay is not null)
        {
            if (!TryParseDuration(labelDelay, out TimeSpan delay))
            {
                await error.WriteLineAsync($"--label-delay: '{labelDelay}' is not a duration (use e.g. 7d, 36h, 90m or 7.00:00:00).").ConfigureAwait(false);
                return 2;
            }

            scoring.LabelDelay = delay;
        }

        scoring.AlertBudget = budget ?? scoring.AlertBudget;
        scoring.Seed = seed ?? scoring.Seed;
        // A retrained model swaps in at a fixed point of the stream, so a run is reproducible.
        scoring.RetrainSwapAfterEvents = EvaluationRetrainSwapAfterEvents;
        if (model is not null)
        {
            if (!model.Exists)
            {
                await error.WriteLineAsync($"--model: '{model.FullName}' does not exist (write one with `train --out`).").ConfigureAwait(false);
                return 2;
            }

            scoring.ModelPath = model.FullName;
        }

        OnlineFraudScorer scorer;
        try
        {
            scorer = new OnlineFraudScorer(scoring);
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"Invalid settings: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"--model: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        string directory = dataDir?.FullName ?? Path.Combine(Path.GetTempPath(), "streamguard-evaluate-" + Guid.NewGuid().ToString("N"));
        var overrides = new Dictionary<string, string?>
        {
            ["StreamGuard:DataDir"] = directory,
            // One shard and one sender keep arrival order equal to event-time order.
            ["StreamGuard:Stream:ShardCount"] = "1",
            // Prequential: the scorer must not start from what an earlier run on this folder learned.
            ["StreamGuard:State:RestoreOnStart"] = "false",
        };
        try
        {
            StreamGuardOptions options = ProcessorConfiguration.Load(ProcessorConfiguration.Build(overrides));
            var evaluator = new PrequentialEvaluator();
            using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
            RunSummary summary = await EmbeddedRun.ExecuteAsync(
                input.FullName, options, loggers, TimeProvider.System, cancellationToken, new RecordingFraudScorer(scorer, evaluator), inEventTimeOrder: true, persistent: false).ConfigureAwait(false);
            EvaluationReport report = evaluator.Report(TimeSpan.FromSeconds(summary.ElapsedSeconds)) with
            {
                ModelVersion = scorer.ModelVersion,
                Retrains = scorer.Retrains,
            };
            Print(output, report, summary, scoring, json);
            return 0;
        }
        catch (Exception e) when (e is InputFormatException or InvalidOperationException or OptionsValidationException)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
        finally
        {
            if (dataDir is null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Accepts 7d, 36h, 90m, 45s or a .NET TimeSpan (7.00:00:00).</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length > 1 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0)
        {
            TimeSpan? parsed = char.ToLowerInvariant(text[^1]) switch
            {
                'd' => TimeSpan.FromDays(value),
                'h' => TimeSpan.FromHours(value),
                'm' => TimeSpan.FromMinutes(value),
                's' => TimeSpan.FromSeconds(value),
                _ => null,
            };
            if (parsed is { } p)
            {
                duration = p;
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    private static void Print(TextWriter output, EvaluationReport r, RunSummary run, ScoringOptions scoring, bool json)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            StreamGuard evaluate: {r.Events:N0} labelled events, {r.Frauds:N0} frauds, prequential (scored before learned from), in event-time order
              labels         {(scoring.LabelDelay is { } d ? $"learned {d.TotalDays:0.##} days after each event" : "not used (unsupervised)")}
              model          {r.ModelVersion ?? "online"} ({r.Retrains} retrains swapped in)
              roc_auc        {r.RocAuc:0.0000}
              pr_auc         {r.PrAuc:0.0000}
              recall_at_1pct {r.RecallAt1Pct:0.0000}
              alerts         {r.Alerts:N0} (budget {scoring.AlertBudget:P1}); precision {r.PrecisionAtAlerts:0.0000}, recall {r.RecallAtAlerts:0.0000}
              throughput     {r.EventsPerSecond:N0} events/s through the whole pipeline ({run.DeadLettered:N0} dead-lettered)
            """));
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(r, EvaluationJsonContext.Default.EvaluationReport));
        }
    }
}
