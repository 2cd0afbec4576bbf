using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamGuard.Core;
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
        var order = new Option<string>("--order") { Description = "arrival (default: as in the file) or event-time (sorted by event time first; holds the file's records in memory)." };
        order.AcceptOnlyFromAmong("arrival", "event-time");
        var reset = new Option<bool>("--reset") { Description = "Start the data folder over: delete its database and output folders first (the pseudonym key and the privacy ledger are kept)." };
        var command = new Command("run", "Run the whole pipeline in-process over a CSV or Plaid file and exit when done.") { input, dataDir, json, shards, order, reset };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(input)!, parse.GetValue(dataDir), parse.GetValue(json), parse.GetValue(shards), parse.GetValue(order) == "event-time", parse.GetValue(reset), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo input, DirectoryInfo? dataDir, bool json, int? shards, bool eventTimeOrder, bool reset, CancellationToken cancellationToken)
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
        using var stop = new GracefulStop();
        using var signals = new TerminationSignals("Stopping: finishing the records already read and saving state (press Ctrl+C again to abandon them)...");
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.Abort);
        using CancellationTokenRegistration onSignal = signals.Stop.Register(stop.Request);
        try
        {
            if (reset)
            {
                DataFolderReset.Reset(options.DataDir);
            }

            RunSummary summary = await EmbeddedRun.ExecuteAsync(input.FullName, options, loggers, TimeProvider.System, abort.Token, inEventTimeOrder: eventTimeOrder, stop: stop).ConfigureAwait(false);
            Print(summary, json);
            return summary.Outcome == "stopped" ? Math.Max(signals.ExitCode, 130) : 0;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Abandoned: the next run on this data folder resumes from its last saved state.").ConfigureAwait(false);
            return Math.Max(signals.ExitCode, 130);
        }
        catch (UserErrorException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (InputFormatException e)
        {
            await Console.Error.WriteLineAsync($"--input: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static void Print(RunSummary s, bool json)
    {
        switch (s.Outcome)
        {
            case "already_consumed":
                Console.WriteLine($"StreamGuard run: this input was consumed before (input {s.InputIndex} of {s.DataDir}); nothing changed. Use --reset to start the folder over.");
                break;
            case "resumed":
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"StreamGuard run: resumed an interrupted input; {s.AlreadyProcessed:N0} records were processed before and not counted again."));
                break;
            case "stopped":
                Console.WriteLine("StreamGuard run: stopped on request; the records read were processed and the state saved. Run again to continue.");
                break;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            StreamGuard run: {s.Events:N0} events in {s.ElapsedSeconds:0.00} s ({s.EventsPerSecond:N0} events/s) over {s.Shards} shards
              processed      {s.Processed:N0}
              dead-lettered  {s.DeadLettered:N0} ({s.InputDeadLettered:N0} unreadable input rows, {s.OverLimit:N0} of them over the stream's record limit; {s.ConflictingDuplicates:N0} reusing a stored transaction id with other content)
              duplicates     {s.DuplicateDeliveries:N0} repeated deliveries of stored transactions (stored once)
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

        if (s.Insight is { LateEvents: > 0 } late)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  warning        {late.LateEvents:N0} transactions came after their window had closed (the input is not in event-time order): their stored windows were corrected and the corrections published on late-events/. --order event-time sorts the input first."));
        }

        if (s.Reconciliation is { Count: > 0 } reconciliation)
        {
            Console.WriteLine(s.WindowsReconciled
                ? string.Create(CultureInfo.InvariantCulture, $"  windows        all {reconciliation.Count} window kinds reconcile with the {reconciliation[0].TransactionCount:N0} stored transactions (${reconciliation[0].TransactionAmount:N2})")
                : "  windows        NOT reconciled: " + string.Join("; ", reconciliation.Where(r => !r.Reconciled).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Windows} {r.WindowCount:N0} tx ${r.WindowAmount:N2} against {r.TransactionCount:N0} tx ${r.TransactionAmount:N2}"))));
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(s, CommandJsonContext.Default.RunSummary));
        }
    }
}
