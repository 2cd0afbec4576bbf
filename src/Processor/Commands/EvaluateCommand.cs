using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Core;
using StreamGuard.Core.Cli;
using StreamGuard.Core.Settings;
using StreamGuard.Processor.Commands.Reports;
using StreamGuard.Processor.Commands.Terminal;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy;
using StreamGuard.Scoring;
using StreamGuard.Scoring.Evaluation;

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
        var report = new Option<FileInfo?>("--report") { Description = "Also write a self-contained HTML report (curves, distributions, by month and kind, reasons) to this file." };
        var progress = new Option<bool>("--progress") { Description = "When stderr is not a terminal, print a progress line every few seconds." };
        var command = new Command("evaluate", "Measure the fraud scorer prequentially through the real pipeline over a labelled file.") { input, labelDelay, budget, seed, dataDir, json, report, progress, model };
        command.SetAction(CommandLineApp.Guard((parse, cancellationToken) => RunAsync(
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            parse.GetValue(input)!, parse.GetValue(labelDelay), parse.GetValue(budget), parse.GetValue(seed), parse.GetValue(dataDir), parse.GetValue(json),
            parse.GetValue(report), parse.GetValue(progress), parse.GetValue(model), cancellationToken), ProcessorErrors.Translate));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, FileInfo input, string? labelDelay, double? budget, int? seed, DirectoryInfo? dataDir, bool json,
        FileInfo? reportFile, bool showProgress, FileInfo? model, CancellationToken cancellationToken)
    {
        string inputPath = CliPaths.ReadableFile(input.FullName, "--input");
        string? reportPath = reportFile is null ? null : CliPaths.WritableFile(reportFile.FullName, "--report");
        if (dataDir is not null)
        {
            CliPaths.WritableDirectory(dataDir.FullName, "--data-dir");
        }

        // Scoring settings from configuration (appsettings, StreamGuard__Scoring__* variables), then the options on top.
        ScoringOptions scoring = ProcessorConfiguration.Load(ProcessorConfiguration.Build(new Dictionary<string, string?>())).Scoring;
        if (labelDelay is not null)
        {
            if (!TryParseDuration(labelDelay, out TimeSpan delay))
            {
                throw new UserErrorException($"--label-delay: '{labelDelay}' is not a duration (use e.g. 7d, 36h, 90m or 7.00:00:00).");
            }

            scoring.LabelDelay = delay;
        }

        scoring.AlertBudget = budget ?? scoring.AlertBudget;
        scoring.Seed = seed ?? scoring.Seed;
        // A retrained model swaps in at a fixed point of the stream, so a run is reproducible.
        scoring.RetrainSwapAfterEvents = EvaluationRetrainSwapAfterEvents;
        if (model is not null)
        {
            scoring.ModelPath = CliPaths.ReadableFile(model.FullName, "--model");
        }

        // The flags above may have changed settings the configuration check already passed: check them again, the same way.
        OptionsChecks.ThrowIfInvalid(ScoringOptionsValidator.Validate(scoring), "Invalid settings:");
        OnlineFraudScorer scorer;
        try
        {
            scorer = new OnlineFraudScorer(scoring);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"--model: {e.Message}", 2, e);
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
            TimeProvider time = TimeProvider.System;
            using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
            ProgressMode mode = ProgressDisplay.Choose(showProgress);
            var probe = new RunProgress(mode == ProgressMode.Off ? null : InputRows.Count(inputPath));
            IFraudScorer recording = new RecordingFraudScorer(scorer, evaluator);
            Pseudonymizer? pseudonymizer = null;
            TracingFraudScorer? tracing = reportPath is null ? null : new TracingFraudScorer(recording);
            RunSummary summary = await new ProgressDisplay("evaluate", probe.Sample, error).RunAsync(
                EmbeddedRun.ExecuteAsync(inputPath, options, loggers, time, cancellationToken, tracing ?? recording, inEventTimeOrder: true, persistent: false, onStarted: started =>
                {
                    probe.Attach(started);
                    pseudonymizer = new Pseudonymizer(started.Key);
                }),
                mode, cancellationToken).ConfigureAwait(false);
            if (evaluator.Count == 0)
            {
                throw new UserErrorException(summary.Events == 0
                    ? $"--input: '{inputPath}' has no rows."
                    : $"--input: '{inputPath}' has no readable labelled row ({summary.Events:N0} rows, {summary.DeadLettered:N0} dead-lettered; evaluate needs an is_fraud column).", exitCode: 3);
            }

            EvaluationReport report = evaluator.Report(TimeSpan.FromSeconds(summary.ElapsedSeconds)) with
            {
                ModelVersion = scorer.ModelVersion,
                Retrains = scorer.Retrains,
            };
            if (reportPath is not null && tracing is not null)
            {
                await File.WriteAllTextAsync(reportPath, EvaluationHtmlReport.Build(inputPath, report, tracing.Points, KeyedKinds(FraudKinds.Read(inputPath), pseudonymizer), Settings(scoring, summary, labelDelay), time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }

            Print(output, report, summary, scoring, json);
            if (reportPath is not null)
            {
                await error.WriteLineAsync($"Report written to {reportPath}").ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            if (dataDir is null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    // Outputs carry keyed transaction ids; the input's fraud kinds are keyed the same way to meet them.
    private static Dictionary<string, string> KeyedKinds(Dictionary<string, string> kinds, Pseudonymizer? keys) =>
        keys is null ? kinds : kinds.ToDictionary(kv => keys.TransactionId(kv.Key), kv => kv.Value, StringComparer.Ordinal);

    private static List<(string Name, string Value)> Settings(ScoringOptions scoring, RunSummary summary, string? labelDelay) =>
    [
        ("alert budget", scoring.AlertBudget.ToString("0.####", CultureInfo.InvariantCulture)),
        ("label delay", labelDelay ?? "off (unsupervised)"),
        ("seed", scoring.Seed.ToString(CultureInfo.InvariantCulture)),
        ("events read", summary.Events.ToString("N0", CultureInfo.InvariantCulture)),
        ("dead letters", summary.DeadLettered.ToString("N0", CultureInfo.InvariantCulture)),
        ("pipeline", string.Create(CultureInfo.InvariantCulture, $"embedded, {summary.Shards} shard, event-time order, {summary.EventsPerSecond:N0} events/s, {summary.ElapsedSeconds:0.0} s")),
    ];

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
              roc_auc        {r.RocAuc:0.0000}
              pr_auc         {r.PrAuc:0.0000}
              recall_at_1pct {r.RecallAt1Pct:0.0000}
              alerts         {r.Alerts:N0} (budget {scoring.AlertBudget:P1}); precision {r.PrecisionAtAlerts:0.0000}, recall {r.RecallAtAlerts:0.0000}
              model          {r.ModelVersion ?? "online"} ({r.Retrains} retrains swapped in)
              throughput     {r.EventsPerSecond:N0} events/s through the whole pipeline ({run.DeadLettered:N0} dead-lettered)
            """));
        foreach ((string name, BaselineFigures b) in r.Baselines.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline       {name}: pr_auc {b.PrAuc:0.0000}, recall_at_1pct {b.RecallAt1Pct:0.0000}, roc_auc {b.RocAuc:0.0000} (batch, whole file)"));
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(r, EvaluationJsonContext.Default.EvaluationReport));
        }
    }
}
