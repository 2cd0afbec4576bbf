using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
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
        var command = new Command("run", "Run the whole pipeline in-process over a CSV or Plaid file and exit when done.") { input, dataDir, json, shards };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(input)!, parse.GetValue(dataDir), parse.GetValue(json), parse.GetValue(shards), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo input, DirectoryInfo? dataDir, bool json, int? shards, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>();
        if (dataDir is not null)
        {
            overrides["StreamGuard:DataDir"] = dataDir.FullName;
        }

        if (shards is not null)
        {
            overrides["StreamGuard:Stream:ShardCount"] = shards.Value.ToString(CultureInfo.InvariantCulture);
        }

        StreamGuardOptions options;
        try
        {
            options = ProcessorConfiguration.Load(ProcessorConfiguration.Build(overrides));
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or StreamGuard.Core.UserErrorException)
        {
            await Console.Error.WriteLineAsync($"Invalid settings: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        if (!input.Exists)
        {
            await Console.Error.WriteLineAsync($"--input: '{input.FullName}' does not exist.").ConfigureAwait(false);
            return 2;
        }

        using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        try
        {
            RunSummary summary = await EmbeddedRun.ExecuteAsync(input.FullName, options, loggers, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            Print(summary, json);
            return 0;
        }
        catch (InputFormatException e)
        {
            await Console.Error.WriteLineAsync($"--input: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (StreamGuard.Core.UserErrorException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static void Print(RunSummary s, bool json)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            StreamGuard run: {s.Events:N0} events in {s.ElapsedSeconds:0.00} s ({s.EventsPerSecond:N0} events/s) over {s.Shards} shards
              processed      {s.Processed:N0}
              dead-lettered  {s.DeadLettered:N0} ({s.InputDeadLettered:N0} unreadable input rows)
              alerts         {s.Alerts:N0}
              latency        p50 {s.LatencyMsP50} ms, p99 {s.LatencyMsP99} ms (stream arrival to all sinks)
              privacy        pseudonym key {s.Privacy.PseudonymKeyId} from {s.Privacy.PseudonymKeySource}; merchant coordinates {(s.Privacy.KeepMerchantLocation ? "kept (opt-in)" : "dropped")}; home generalised to {s.Privacy.HomeCellDegrees} degree cells and 3-digit zip; dead-letter payloads sealed
              published      {(s.Privacy.DifferentialPrivacy ? $"report feed: {s.Privacy.Releases:N0} DP releases ({s.Privacy.NoiseMechanism}, epsilon {s.Privacy.EpsilonPerRelease} per {s.Privacy.ReleaseWindow} window, delta {s.Privacy.DeltaPerRelease}, k {s.Privacy.MinGroupSize}, clamp ${s.Privacy.AmountClamp} x {s.Privacy.MaxTransactionsPerCustomer} per customer); epsilon spent {s.Privacy.EpsilonSpent} of {s.Privacy.EpsilonBudget} per {s.Privacy.BudgetHorizon} horizon{(s.Privacy.BudgetExhausted ? $", BUDGET SPENT: releases stopped ({s.Privacy.RefusedForBudget} windows refused)" : "")} (ledger {s.Privacy.LedgerPath})" : "report feed: DP releases off, nothing published")}
              data           {s.DataDir}
            """));
        if (s.Insight is { } i)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  insight        {i.WindowsEmitted:N0} windows closed, {i.LateEvents:N0} late events, {i.Corrections:N0} corrections, {i.BudgetAlerts + i.ForecastAlerts:N0} budget alerts, {i.Duplicates:N0} duplicates, {i.Classified:N0} categorised from merchant text; segments {string.Join(", ", i.SegmentSizes.Select(kv => $"{kv.Key} {kv.Value}"))}"));
        }

        if (s.StageSeconds is { } stages)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  busy seconds   {string.Join(", ", stages.Select(kv => $"{kv.Key} {kv.Value:0.0}"))}"));
        }

        if (s.State is { } state)
        {
            string restored = state.RestoredFrom is { } from ? $"restored from the state saved {from:u}" : "started from nothing";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  state          {restored}; saved {state.Saves:N0} times with the stream positions (last {state.LastSaveBytes / 1024.0:N0} KiB)"));
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(s, CommandJsonContext.Default.RunSummary));
        }
    }
}
