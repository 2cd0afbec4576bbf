using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamGuard.Core;
using StreamGuard.Core.Cli;
using StreamGuard.Processor.Commands.Inspect;

namespace StreamGuard.Processor.Commands;

/// <summary>`inspect`: what a data folder holds, read-only. With --json the last line is the <see cref="DataFolderReport"/>.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "The data folder to describe (it is never modified).", Required = true };
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the report." };
        var command = new Command("inspect", "Show what a data folder holds: tables, saved state, inputs, dead letters, privacy budget, disk use.") { dataDir, json };
        command.SetAction(CommandLineApp.Guard((parse, _) => Task.FromResult(Run(parse.InvocationConfiguration.Output, parse.GetValue(dataDir)!, parse.GetValue(json))), Terminal.ProcessorErrors.Translate));
        return command;
    }

    private static int Run(TextWriter output, DirectoryInfo dataDir, bool json)
    {
        string full = Path.GetFullPath(dataDir.FullName);
        if (File.Exists(full))
        {
            throw new UserErrorException($"--data-dir: '{full}' is a file; give a folder.");
        }

        if (!Directory.Exists(full))
        {
            throw new UserErrorException($"--data-dir: '{full}' does not exist.");
        }

        DataFolderReport report = DataFolderReader.Read(full, TimeProvider.System);
        CliConsole.Create(output, !Console.IsOutputRedirected).Write(Table(report));
        if (json)
        {
            output.WriteLine(DataFolderReader.Json(report));
        }

        return 0;
    }

    internal static Table Table(DataFolderReport r)
    {
        Table table = CliConsole.Summary($"StreamGuard data folder: {r.DataDir}");
        if (!r.DatabaseExists)
        {
            table.Row("database", "none yet (streamguard.db appears after the first run)");
        }

        table.Row("tables", r.Tables.Count == 0 ? "none" : string.Join(", ", r.Tables.Select(kv => $"{kv.Key} {N(kv.Value)}")));
        foreach (SavedState s in r.State)
        {
            table.Row($"state: {s.Name}", string.Create(CultureInfo.InvariantCulture, $"{Size(s.Bytes)}, saved {s.SavedAt:u} ({ProgressLine.Duration(TimeSpan.FromSeconds(s.AgeSeconds))} ago)"));
        }

        foreach ((string name, string value) in r.Meta)
        {
            table.Row(name, value);
        }

        foreach ((string name, IReadOnlyList<IReadOnlyDictionary<string, string?>> rows) in r.Inputs)
        {
            foreach (IReadOnlyDictionary<string, string?> row in rows)
            {
                table.Row($"input ({name})", string.Join(", ", row.Select(kv => $"{kv.Key}={kv.Value}")));
            }
        }

        if (r.Inputs.Count == 0)
        {
            table.Row("inputs", "this folder does not record the inputs it consumed");
        }

        long dead = r.Tables.GetValueOrDefault("dead_letters");
        table.Row("dead letters", N(dead));
        foreach (ReasonCount reason in r.DeadLettersByReason.Take(8))
        {
            table.Row($"  {reason.Stage}", $"{N(reason.Count)} × {reason.Reason}");
        }

        table.Row("alerts", r.AlertsByType.Count == 0 ? "none" : string.Join(", ", r.AlertsByType.Select(kv => $"{kv.Key} {N(kv.Value)}")));
        foreach (WindowReconciliation w in r.Windows)
        {
            table.Row($"window {w.Window}", w.Reconciled
                ? string.Create(CultureInfo.InvariantCulture, $"reconciled: {w.WindowTransactions:N0} transactions, ${w.WindowAmount:N2}")
                : string.Create(CultureInfo.InvariantCulture, $"NOT reconciled: windows {w.WindowTransactions:N0} transactions ${w.WindowAmount:N2}, table {w.Transactions:N0} ${w.Amount:N2}"));
        }

        table.Row("privacy budget", r.Privacy.LedgerExists
            ? string.Create(CultureInfo.InvariantCulture, $"epsilon {r.Privacy.EpsilonSpent} spent over {r.Privacy.Releases:N0} releases ({r.Privacy.Entries:N0} ledger entries), last {r.Privacy.LastRelease:u}")
            : "no DP release yet (no privacy-ledger.jsonl)");
        if (r.Privacy.KAnonymity is { } k)
        {
            table.Row("k-anonymity", k.Describe());
        }

        table.Row("disk", $"{Size(r.DiskBytes)}: " + string.Join(", ", r.DiskBytesByEntry.Select(kv => $"{kv.Key} {Size(kv.Value)}")));
        return table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024:0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024 / 1024:0.##} GiB"),
    };
}
