using System.Text.Json.Serialization;
using StreamGuard.Insight;

namespace StreamGuard.Runtime.Hosting;

/// <summary>The outcome of `run`: the last line of its output with --json (field names are a contract).</summary>
public sealed record RunSummary
{
    public required long Events { get; init; }
    public required long Processed { get; init; }
    public required long DeadLettered { get; init; }
    public required long InputDeadLettered { get; init; }
    public required long Alerts { get; init; }
    public required double EventsPerSecond { get; init; }
    public required double ElapsedSeconds { get; init; }
    public required double LatencyMsP50 { get; init; }
    public required double LatencyMsP99 { get; init; }
    public required int Shards { get; init; }
    public required string DataDir { get; init; }
    public required PrivacySummary Privacy { get; init; }

    /// <summary>Input events not sent because they are over the stream's record limits (dead-lettered; also in <see cref="InputDeadLettered"/>).</summary>
    public long OverLimit { get; init; }

    /// <summary>Transactions whose id was already stored with the same content: a repeated delivery, stored once.</summary>
    public long DuplicateDeliveries { get; init; }

    /// <summary>Transactions whose id was already stored with different content: dead-lettered, not stored.</summary>
    public long ConflictingDuplicates { get; init; }

    /// <summary>Windows emitted, late events, budget alerts, duplicates, segment sizes and the like.</summary>
    public InsightSummary? Insight { get; init; }

    /// <summary>Seconds each stage and the sinks spent working (not waiting): the slowest one sets the pace.</summary>
    public IReadOnlyDictionary<string, double>? StageSeconds { get; init; }

    /// <summary>Where the latency tail comes from: records slower than 250 ms by cause, and the pipeline's long steps (docs/performance.md, round five).</summary>
    public StreamGuard.Pipeline.Tail.TailSummary? Tail { get; init; }

    /// <summary>Whether learned state was restored at start, and how often it was saved with the stream positions.</summary>
    public StateSummary? State { get; init; }

    /// <summary>completed, resumed (an interrupted input finished), already_consumed (nothing done) or stopped (Ctrl+C/SIGTERM).</summary>
    public string Outcome { get; init; } = "completed";

    /// <summary>The input's number in the data folder (its records' place in the folder's stream).</summary>
    public long InputIndex { get; init; }

    /// <summary>Records an earlier, interrupted run had processed already: read again but not processed twice.</summary>
    public long AlreadyProcessed { get; init; }

    /// <summary>True when every stored window kind's totals equal the transactions table's.</summary>
    public bool WindowsReconciled { get; init; }

    /// <summary>Each window kind's totals against the transactions table.</summary>
    public IReadOnlyList<Sources.WindowKindReconciliation>? Reconciliation { get; init; }
}

/// <summary>The state checkpoints of a run.</summary>
public sealed record StateSummary(DateTimeOffset? RestoredFrom, long Saves, long LastSaveBytes)
{
    /// <summary>Bytes of all the run's saves together (uncompressed stage state).</summary>
    public long TotalSaveBytes { get; init; }

    /// <summary>Seconds the run spent saving state.</summary>
    public double SaveSeconds { get; init; }

    /// <summary>Items the incremental stages (windows, budgets) wrote or removed in the last save: only what changed since the save before.</summary>
    public long LastSaveChangedItems { get; init; }

    /// <summary>Seconds the embedded store spent folding the saves' item logs into its item table (beside delivery, a slice at a time).</summary>
    public double FoldSeconds { get; init; }

    /// <summary>The longest fold slice, in milliseconds: the longest a sink's write waited for the fold.</summary>
    public double LongestFoldSliceMs { get; init; }

    /// <summary>Why the fold stopped, if it did (null when fine): the saves then stay in the log, and restores apply them.</summary>
    public string? FoldError { get; init; }

    public static StateSummary From(StreamGuard.Pipeline.State.StateCheckpointer state) =>
        new(state.RestoredFrom, state.Saves, state.LastSaveBytes)
        {
            TotalSaveBytes = state.TotalSaveBytes,
            SaveSeconds = Math.Round(state.SaveSeconds, 3),
            LastSaveChangedItems = state.LastSaveChangedItems,
        };
}

/// <summary>Which privacy settings were in force for a run, and the DP budget its releases spent.</summary>
public sealed record PrivacySummary(string PseudonymKeyId, string PseudonymKeySource, bool KeepMerchantLocation, double HomeCellDegrees, bool DeadLetterPayloadsSealed)
{
    public bool DifferentialPrivacy { get; init; }

    public string? NoiseMechanism { get; init; }

    /// <summary>Epsilon of one window's release (its count and sum together).</summary>
    public double EpsilonPerRelease { get; init; }

    public double DeltaPerRelease { get; init; }

    /// <summary>k: a noisy count under it is published as 0 (decided on the noisy value).</summary>
    public int MinGroupSize { get; init; }

    public decimal AmountClamp { get; init; }

    public int MaxTransactionsPerCustomer { get; init; }

    public string? ReleaseWindow { get; init; }

    /// <summary>Windows released by this run.</summary>
    public int Releases { get; init; }

    /// <summary>The largest epsilon spent on any one budget horizon, from the ledger (this run and every earlier one on the same ledger).</summary>
    public double EpsilonSpent { get; init; }

    /// <summary>The total epsilon allowed per horizon; releases stop when it is spent.</summary>
    public double EpsilonBudget { get; init; }

    public string? BudgetHorizon { get; init; }

    /// <summary>True when a release was refused for lack of budget: releases have stopped.</summary>
    public bool BudgetExhausted { get; init; }

    /// <summary>Windows not released because their horizon's budget was spent.</summary>
    public int RefusedForBudget { get; init; }

    /// <summary>Windows already in the ledger that this run republished with their recorded noise.</summary>
    public int Republished { get; init; }

    /// <summary>Transactions that arrived after their window was released (kept exact in SQLite, absent from releases).</summary>
    public long LateExcludedFromReleases { get; init; }

    public string? LedgerPath { get; init; }

    /// <summary>The k-anonymity check over the data folder's stored transactions after the run (see docs/privacy.md).</summary>
    public Privacy.KAnonymityReport? KAnonymity { get; init; }

    public static PrivacySummary From(Privacy.PseudonymKey key, Privacy.PrivacyOptions options, Privacy.Differential.PrivateCategoryReport report)
    {
        Privacy.Differential.DifferentialPrivacyOptions dp = options.Differential;
        return new PrivacySummary(key.Id, key.Origin, options.KeepMerchantLocation, options.HomeCellDegrees, DeadLetterPayloadsSealed: true)
        {
            DifferentialPrivacy = dp.Enabled,
            NoiseMechanism = dp.Mechanism.ToString(),
            EpsilonPerRelease = dp.Epsilon,
            DeltaPerRelease = dp.Mechanism == Privacy.Differential.NoiseMechanism.Gaussian ? dp.Delta : 0,
            MinGroupSize = dp.MinGroupSize,
            AmountClamp = dp.AmountClamp,
            MaxTransactionsPerCustomer = dp.MaxTransactionsPerCustomer,
            ReleaseWindow = dp.ReleaseWindow.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            Releases = report.ReleasedThisRun,
            EpsilonSpent = Math.Round(report.EpsilonSpentPerHorizon, 6),
            EpsilonBudget = dp.TotalEpsilon,
            BudgetHorizon = dp.BudgetHorizon.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            BudgetExhausted = report.BudgetExhausted,
            RefusedForBudget = report.RefusedForBudget,
            Republished = report.Republished,
            LateExcludedFromReleases = report.LateExcluded,
            LedgerPath = report.Ledger.Path,
        };
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunSummary))]
internal sealed partial class CommandJsonContext : JsonSerializerContext;
