using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamGuard.Core;
using StreamGuard.Core.Cli;
using StreamGuard.Core.Ingestion;
using StreamGuard.Processor.Commands.Terminal;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Scoring;
using StreamGuard.Scoring.Models;

namespace StreamGuard.Processor.Commands;

/// <summary>
/// `train`: computes the model features of labelled files through the real pipeline in event-time
/// order, fits gradient-boosted trees (ML.NET LightGBM) on the earliest 80 % of event time,
/// validates on the latest 20 % and writes one versioned model file. With --json the last line is
/// the summary (field names are a contract).
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo[]>("--input") { Description = "A labelled Sparkov CSV (is_fraud), .csv or .csv.gz; repeat for more files.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the model file (e.g. fraud.model).", Required = true };
        var seed = new Option<int?>("--seed") { Description = "Training seed (default 42)." };
        var trees = new Option<int?>("--trees") { Description = "Boosting rounds (default 200)." };
        var noRefit = new Option<bool>("--no-refit") { Description = "Keep the model fitted on the earliest 80 % (default: after validating, refit on every row, newest months included)." };
        var json = new Option<bool>("--json") { Description = "End with one JSON line: rows, frauds, validation_pr_auc, validation_roc_auc, model_version, seconds." };
        var progress = new Option<bool>("--progress") { Description = "When stderr is not a terminal, print a progress line every few seconds." };
        var command = new Command("train", "Train a fraud model (gradient-boosted trees) from labelled files and write it to a model file.") { input, output, seed, trees, noRefit, json, progress };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await RunAsync(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(seed) ?? 42, parse.GetValue(trees) ?? 200, !parse.GetValue(noRefit), parse.GetValue(json),
                    ProgressDisplay.Choose(parse.GetValue(progress)), cancellationToken).ConfigureAwait(false);
            }
            catch (UserErrorException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return e.ExitCode;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, FileInfo[] inputs, FileInfo modelFile, int seed, int trees, bool refit, bool json, ProgressMode progress, CancellationToken cancellationToken)
    {
        foreach (FileInfo file in inputs)
        {
            if (!file.Exists)
            {
                throw new UserErrorException($"--input: '{file.FullName}' does not exist.");
            }
        }

        if (trees is < 10 or > 2_000)
        {
            throw new UserErrorException($"--trees must be in 10..2000; got {trees}.");
        }

        TimeProvider time = TimeProvider.System;
        long started = Stopwatch.GetTimestamp();
        var set = new TrainingSet();
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        foreach (FileInfo file in inputs)
        {
            await RecordAsync(file, set, seed, loggers, time, error, progress, cancellationToken).ConfigureAwait(false);
        }

        if (set.Count == 0)
        {
            throw new UserErrorException($"--input: no labelled transaction could be read from {string.Join(", ", inputs.Select(i => i.Name))} (is_fraud is needed).", 3);
        }

        if (set.Frauds == 0 || set.Frauds == set.Count)
        {
            throw new UserErrorException($"--input: the files hold {set.Frauds} frauds among {set.Count} labelled transactions; training needs both kinds.");
        }

        TrainedModel trained;
        try
        {
            string trainedOn = string.Join(", ", inputs.Select(i => i.Name));
            trained = new FraudModelTrainer(new FraudModelTrainerSettings(Trees: trees, Seed: seed, RefitOnAllRows: refit)).Train(set, trainedOn, time.GetUtcNow());
        }
        catch (InvalidOperationException e)
        {
            throw new UserErrorException($"Training failed: {e.Message}");
        }

        FraudModelFile.Save(modelFile.FullName, trained.Model, trained.MlNetModel);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        FraudModelInfo info = trained.Model.Info;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            StreamGuard train: {info.Rows:N0} labelled transactions, {info.Frauds:N0} frauds, {info.DataFrom:yyyy-MM-dd} to {info.DataUntil:yyyy-MM-dd}
              validation     {info.ValidationRows:N0} rows from {info.ValidationFrom:yyyy-MM-dd HH:mm} (the latest 20 % of event time), {info.ValidationFrauds:N0} frauds
              pr_auc         {info.ValidationPrAuc:0.0000}
              roc_auc        {info.ValidationRocAuc:0.0000}
              model          {info.Version} -> {modelFile.FullName} ({(refit ? "refit on every row after validating" : "fitted on the earliest 80 %")})
              seconds        {seconds:0.0}
            Deploy: StreamGuard__Scoring__ModelPath={modelFile.FullName} (or evaluate --model {modelFile.Name})
            """));
        if (json)
        {
            output.WriteLine(Json(info, modelFile.FullName, seconds));
        }

        return 0;
    }

    private static async Task RecordAsync(FileInfo file, TrainingSet set, int seed, ILoggerFactory loggers, TimeProvider time, TextWriter error, ProgressMode progress, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(Path.GetTempPath(), "streamguard-train-" + Guid.NewGuid().ToString("N"));
        var overrides = new Dictionary<string, string?>
        {
            ["StreamGuard:DataDir"] = directory,
            ["StreamGuard:Stream:ShardCount"] = "1",
            ["StreamGuard:State:RestoreOnStart"] = "false",
        };
        try
        {
            StreamGuardOptions options = ProcessorConfiguration.Load(ProcessorConfiguration.Build(overrides));
            // No labels, no retraining: the features must be what an unlabelled stream would give.
            var scorer = new OnlineFraudScorer(new ScoringOptions { Seed = seed, Retrain = false, RecentTransactions = 0 });
            // Computing the features is the long part: the same progress display as run and evaluate, per input file.
            var probe = new RunProgress(progress == ProgressMode.Off ? null : InputRows.Count(file.FullName));
            await new ProgressDisplay("train " + file.Name, probe.Sample, error).RunAsync(
                EmbeddedRun.ExecuteAsync(file.FullName, options, loggers, time, cancellationToken, new TrainingRecorder(scorer, set), inEventTimeOrder: true, persistent: false, onStarted: probe.Attach),
                progress, cancellationToken).ConfigureAwait(false);
        }
        catch (InputFormatException e)
        {
            throw new UserErrorException($"--input: {e.Message}", 3);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string Json(FraudModelInfo info, string path, double seconds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("rows", info.Rows);
            json.WriteNumber("frauds", info.Frauds);
            json.WriteNumber("validation_rows", info.ValidationRows);
            json.WriteNumber("validation_frauds", info.ValidationFrauds);
            Number(json, "validation_pr_auc", info.ValidationPrAuc);
            Number(json, "validation_roc_auc", info.ValidationRocAuc);
            json.WriteString("model_version", info.Version);
            json.WriteNumber("feature_schema_version", ModelFeatures.SchemaVersion);
            json.WriteString("model_path", path);
            json.WriteNumber("seconds", Math.Round(seconds, 2));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }
}
