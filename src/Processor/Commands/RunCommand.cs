using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamGuard.Core;
using StreamGuard.Core.Cli;
using StreamGuard.Processor.Commands.Terminal;
using StreamGuard.Processor.Commands.Inspect;
using StreamGuard.Processor.Hosting;

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
        var command = new Command("run", "Run the whole pipeline in-process over a CSV or Plaid file and exit when done.") { input, dataDir, json, shards, progress };
        command.SetAction(CommandLineApp.Guard((parse, cancellationToken) => RunAsync(
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            parse.GetValue(input)!, parse.GetValue(dataDir), parse.GetValue(json), parse.GetValue(shards), parse.GetValue(progress), Verbose(parse), cancellationToken), ProcessorErrors.Translate));
        return command;
    }

    internal static bool Verbose(ParseResult parse) => parse.RootCommandResult.Command.Options.Contains(CommandLineApp.Verbose) && parse.GetValue(CommandLineApp.Verbose);

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, FileInfo input, DirectoryInfo? dataDir, bool json, int? shards, bool showProgress, bool verbose, CancellationToken cancellationToken)
    {
        string inputPath = CliPaths.ReadableFile(input.FullName, "--input");
        var overrides = new Dictionary<string, string?>();
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

        ProgressMode mode = ProgressDisplay.Choose(showProgress);
        var probe = new RunProgress(mode == ProgressMode.Off ? null : InputRows.Count(inputPath));
        var display = new ProgressDisplay("run", probe.Sample, error);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        RunSummary summary = await display.RunAsync(
            EmbeddedRun.ExecuteAsync(inputPath, options, loggers, TimeProvider.System, cancellationToken, onStarted: probe.Attach), mode, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<ReasonCount> reasons = DataFolderReader.DeadLettersSince(summary.DataDir, started.AddSeconds(-1));
        DataFolderReport folder = DataFolderReader.Read(summary.DataDir, TimeProvider.System);
        CliConsole.Create(output, !Console.IsOutputRedirected).Write(RunSummaryTable.Build(summary, inputPath, reasons, folder, verbose));
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(summary, CommandJsonContext.Default.RunSummary)).ConfigureAwait(false);
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
