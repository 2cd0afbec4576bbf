using System.Globalization;
using Spectre.Console;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Core.Cli;
using StreamGuard.Processor.Commands.Inspect;

namespace StreamGuard.Processor.Commands.Terminal;

/// <summary>The end-of-run summary a person reads: a short table; the details behind --verbose.</summary>
internal static class RunSummaryTable
{
    private const int ReasonsShown = 5;

    public static Table Build(RunSummary s, string input, IReadOnlyList<ReasonCount> reasons, DataFolderReport folder, bool verbose)
    {
        Table table = CliConsole.Summary($"StreamGuard run: {Path.GetFileName(input)}");
        table.Row("events", N(s.Events) + (s.InputDeadLettered > 0 ? $" ({N(s.InputDeadLettered)} unreadable rows)" : ""));
        table.Row("processed", N(s.Processed));
        table.Row("dead letters", N(s.DeadLettered) + (s.DeadLettered > 0 ? " (reasons in clear, payloads sealed, in streamguard.db)" : ""));
        foreach (ReasonCount r in reasons.Take(ReasonsShown))
        {
            table.Row($"  {r.Stage}", $"{N(r.Count)} × {Shorten(r.Reason, 90)}");
        }

        if (reasons.Count > ReasonsShown)
        {
            table.Row("  …", $"{reasons.Count - ReasonsShown} more reasons: inspect --data-dir");
        }

        table.Row("alerts", N(s.Alerts) + (folder.AlertsByType.Count > 0
            ? " (folder: " + string.Join(", ", folder.AlertsByType.Select(kv => $"{kv.Key} {N(kv.Value)}")) + ")"
            : ""));
        if (s.Insight is { } i)
        {
            table.Row("late events", $"{N(i.LateEvents)} late, {N(i.LateUpdates)} late window updates, {N(i.Corrections)} corrections" + (i.UnmatchedCorrections > 0 ? $" ({N(i.UnmatchedCorrections)} unmatched)" : ""));
        }

        if (folder.Windows.Any(w => w.Reconciled))
        {
            table.Row("windows", "reconciled with the transactions table: " + string.Join(", ", folder.Windows.Where(w => w.Reconciled).Select(w => w.Window)));
        }

        foreach (WindowReconciliation w in folder.Windows.Where(w => !w.Reconciled))
        {
            table.Row($"  {w.Window} windows", $"NOT reconciled: {N(w.WindowTransactions)} of {N(w.Transactions)} transactions");
        }

        table.Row("time", string.Create(CultureInfo.InvariantCulture, $"{s.ElapsedSeconds:0.0} s, {s.EventsPerSecond:N0} events/s over {s.Shards} shards"));
        if (s.State is { } state)
        {
            table.Row("state", (state.RestoredFrom is { } from ? $"continued from the state saved {from:u}" : "started from nothing")
                + (state.Saves == 1 ? "; saved once" : string.Create(CultureInfo.InvariantCulture, $"; saved {state.Saves:N0} times")));
        }

        table.Row("outputs", $"{s.DataDir}: streamguard.db, archive/, alerts/, late-events/, dead-letters/, budgets/, segments/, duplicates/, report/ ({N(s.Privacy.Releases)} DP releases, epsilon spent {s.Privacy.EpsilonSpent.ToString(CultureInfo.InvariantCulture)})");
        if (s.Privacy.KAnonymity is { } k)
        {
            table.Row("k-anonymity", k.Describe());
        }

        if (verbose)
        {
            AddDetails(table, s);
        }

        return table;
    }

    private static void AddDetails(Table table, RunSummary s)
    {
        table.Row("latency", string.Create(CultureInfo.InvariantCulture, $"p50 {s.LatencyMsP50} ms, p99 {s.LatencyMsP99} ms (stream arrival to all sinks)"));
        PrivacySummary p = s.Privacy;
        table.Row("privacy", $"pseudonym key {p.PseudonymKeyId} from {p.PseudonymKeySource}; merchant coordinates {(p.KeepMerchantLocation ? "kept (opt-in)" : "dropped")}; home generalised to {p.HomeCellDegrees.ToString(CultureInfo.InvariantCulture)} degree cells and 3-digit zip; dead-letter payloads sealed");
        table.Row("published", p.DifferentialPrivacy
            ? string.Create(CultureInfo.InvariantCulture, $"{p.Releases:N0} DP releases ({p.NoiseMechanism}, epsilon {p.EpsilonPerRelease} per {p.ReleaseWindow} window, delta {p.DeltaPerRelease}, k {p.MinGroupSize}, clamp ${p.AmountClamp} x {p.MaxTransactionsPerCustomer} per customer); ledger {p.LedgerPath}")
            : "DP releases off, nothing published");
        if (s.Insight is { } i)
        {
            table.Row("insight", string.Create(CultureInfo.InvariantCulture,
                $"{i.WindowsEmitted:N0} windows closed, {i.BudgetAlerts + i.ForecastAlerts:N0} budget alerts, {i.Duplicates:N0} duplicates, {i.Classified:N0} categorised from merchant text"));
            if (i.SegmentSizes.Count > 0)
            {
                table.Row("segments", string.Join(", ", i.SegmentSizes.Select(kv => $"{kv.Key} {kv.Value}")));
            }
        }

        if (s.StageSeconds is { } stages)
        {
            table.Row("busy seconds", string.Join(", ", stages.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:0.0}"))));
        }

        if (s.State is { } state)
        {
            table.Row("last state save", string.Create(CultureInfo.InvariantCulture, $"{state.LastSaveBytes / 1024.0:N0} KiB"));
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
