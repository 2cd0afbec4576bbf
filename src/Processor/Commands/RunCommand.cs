using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamGuard.Core;
using StreamGuard.Core.Cli;
using StreamGuard.Processor.Commands.Terminal;
using StreamGuard.Processor.Commands.Inspect;
using StreamGuard.Runtime.Hosting;

namespace StreamGuard.Processor.Commands;

/// <summary>`run`: the whole embedded pipeline over one input file, in-process; exits when every record is processed.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "A Sparkov CSV or Plaid JSON file.", Required = true };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Where the database, key and output folders go (default: StreamGuard:DataDir, .streamguard)." };
        var json = new Option<bool>("--json") { Description = "End with one JSON summary line." };
        var shards = new Option<int?>("--shards") { Description = "Shards of the embedded stream (default: StreamGuard:Stream:ShardCount, 4)." };
        var progress = new Option<bool>("--progress") { Description = "When stderr is not a terminal, print a progress line every few seconds." };
        var order = new Option<string>("--order") { Description = "arrival (default: as in the file) or event-time (sorted by event time first; holds the file's records in memory)." };
        order.AcceptOnlyFromAmong("arrival", "event-time");
        var rate = new Option<double?>("--rate") { Description = "Pace the source at N events per second (default: as fast as possible), to measure latency at a steady rate. A resumed input keeps the record order it started with, whatever its own --rate." };
        var reset = new Option<bool>("--reset") { Description = "Start the data folder over: delete its database and output folders first (the keys and the privacy ledger are kept)." };
        var command = new Command("run", "Run the whole pipeline in-process over a CSV or Plaid file and exit when done. A data folder continues where it stopped: an interrupted input resumes, a consumed one is not counted again.")
        {
            input, dataDir, json, shards, progress, order, reset, rate,
        };
        command.SetAction(CommandLineApp.Guard((parse, cancellationToken) => RunAsync(
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            parse.GetValue(input)!, parse.GetValue(dataDir), parse.GetValue(json), parse.GetValue(shards), parse.GetValue(progress), Verbose(parse),
            parse.GetValue(order) == "event-time", parse.GetValue(reset), parse.GetValue(rate), cancellationToken), ProcessorErrors.Translate));
        return command;
    }

    /// <summary>
    /// The ordered feed's block for a paced source: about 25 ms of records, 1 to 2,000. Smaller blocks
    /// wait less to fill but cost more per record (every batch writes its feed files and a SQLite
    /// transaction); at 1,000 events/s blocks of 10 ms left the sinks behind on the shared machine.
    /// </summary>
    internal static int OrderedBlockSizeFor(double eventsPerSecond) => (int)Math.Clamp(Math.Round(eventsPerSecond / 40), 1, 2_000);

    internal static bool Verbose(ParseResult parse) => parse.RootCommandResult.Command.Options.Contains(CommandLineApp.Verbose) && parse.GetValue(CommandLineApp.Verbose);

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, FileInfo input, DirectoryInfo? dataDir, bool json, int? shards, bool showProgress, bool verbose, bool eventTimeOrder, bool reset, double? rate, CancellationToken cancellationToken)
    {
        string inputPath = CliPaths.ReadableFile(input.FullName, "--input");
        var overrides = new Dictionary<string, string?>();
        if (rate is { } paced)
        {
            if (!double.IsFinite(paced) || paced is <= 0 or > 10_000_000)
            {
                throw new UserErrorException($"--rate must be above 0 and at most 10,000,000 events per second (got {paced.ToString(CultureInfo.InvariantCulture)}).");
            }

            // Blocks of about 25 ms of input, so no record waits long for its block to fill.
            overrides["StreamGuard:Pipeline:OrderedBlockSize"] = OrderedBlockSizeFor(paced).ToString(CultureInfo.InvariantCulture);
        }

        if (dataDir is not null)
        {
            overrides["StreamGuard:DataDir"] = dataDir.FullName;
        }

        if (shards is not null)
        {
            overrides["StreamGuard:Stream:ShardCount"] = shards.Value.ToString(CultureInfo.InvariantCulture);
        }

        StreamGuardOptions options = ProcessorConfiguration.Load(ProcessorConfiguration.Build(overrides));
        CliPaths.WritableDirectory(options.DataDir, dataDir is null ? "StreamGuard:DataDir" : "--data-dir");

        if (reset)
        {
            DataFolderReset.Reset(options.DataDir);
        }

        ProgressMode mode = ProgressDisplay.Choose(showProgress);
        var probe = new RunProgress(mode == ProgressMode.Off ? null : InputRows.Count(inputPath));
        var display = new ProgressDisplay("run", probe.Sample, error);
        TimeProvider time = TimeProvider.System;
        DateTimeOffset started = time.GetUtcNow();
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        using var stop = new GracefulStop();
        using var signals = new TerminationSignals("Stopping: finishing the records already read and saving state (press Ctrl+C again to abandon them)...");
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.Abort);
        using CancellationTokenRegistration onSignal = signals.Stop.Register(stop.Request);
        RunSummary summary;
        try
        {
            summary = await display.RunAsync(
                EmbeddedRun.ExecuteAsync(inputPath, options, loggers, time, abort.Token, inEventTimeOrder: eventTimeOrder, stop: stop, onStarted: probe.Attach, rate: rate), mode, abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Abandoned: the next run on this data folder resumes from its last saved state.").ConfigureAwait(false);
            return Math.Max(signals.ExitCode, 130);
        }

        string? outcome = RunOutcomeMessage.For(summary, stopRequested: signals.ExitCode != 0);
        if (outcome is not null)
        {
            await output.WriteLineAsync(outcome).ConfigureAwait(false);
        }

        if (summary.Insight is { LateEvents: > 0 } late)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Warning: {late.LateEvents:N0} transactions came after their window had closed (the input is not in event-time order): their stored windows were corrected and the corrections published on late-events/. --order event-time sorts the input first.")).ConfigureAwait(false);
        }

        IReadOnlyList<ReasonCount> reasons = DataFolderReader.DeadLettersSince(summary.DataDir, started.AddSeconds(-1));
        DataFolderReport folder = DataFolderReader.Read(summary.DataDir, time, summary.Reconciliation);
        summary = summary with { Privacy = summary.Privacy with { KAnonymity = folder.Privacy.KAnonymity } };
        CliConsole.Create(output, !Console.IsOutputRedirected).Write(RunSummaryTable.Build(summary, inputPath, reasons, folder, verbose));
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(summary, CommandJsonContext.Default.RunSummary)).ConfigureAwait(false);
        }

        if (summary.Outcome is "already_consumed")
        {
            return 0;
        }

        if (summary.Outcome is "stopped")
        {
            return Math.Max(signals.ExitCode, 130);
        }

        if (summary.Events > 0 && summary.InputDeadLettered == summary.Events)
        {
            await error.WriteLineAsync($"--input: '{inputPath}' has no readable row ({summary.Events:N0} rows, every one dead-lettered: see the reasons above).").ConfigureAwait(false);
            return 3;
        }

        if (summary.Events == 0)
        {
            await error.WriteLineAsync($"--input: '{inputPath}' has no rows.").ConfigureAwait(false);
            return 3;
        }

        return 0;
    }
}
