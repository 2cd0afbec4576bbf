using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamGuard.Core;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.Scoring;
using StreamGuard.Runtime.Sources;
using StreamGuard.Runtime.Composition;

namespace StreamGuard.Runtime.Hosting;

/// <summary>
/// One file through the embedded pipeline: the source writes the stream while the processor drains
/// it. The data folder remembers its inputs, so a run continues an interrupted input where its saved
/// state stands, does nothing for an input already consumed, and goes on from the learned state for
/// a new one: after any crash or rerun, every output equals that of one clean run.
/// </summary>
public static class EmbeddedRun
{
    /// <param name="stop">A graceful stop (Ctrl+C): reading stops, what was read drains to the sinks, state is saved.</param>
    /// <param name="rate">Paces the source at this many events per second (`run --rate`); null sends as fast as the stream takes them.</param>
    /// <param name="persistent">
    /// The folder keeps stream positions across runs (exactly once across crashes and reruns). False for a
    /// throwaway folder that starts from nothing whatever it holds (evaluate).
    /// </param>
    public static async Task<RunSummary> ExecuteAsync(string inputPath, StreamGuardOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken,
        IFraudScorer? scorer = null, Privacy.Differential.INoiseSource? noise = null, bool inEventTimeOrder = false, GracefulStop? stop = null, bool persistent = true, Action<EmbeddedPipeline>? onStarted = null, double? rate = null)
    {
        if (Directory.Exists(inputPath))
        {
            throw new UserErrorException($"--input: '{inputPath}' is a directory; give a CSV or Plaid JSON file.");
        }

        InputFileIdentity identity;
        try
        {
            identity = InputFileIdentity.Of(inputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"--input: '{inputPath}' cannot be read: {e.Message}", 2, e);
        }

        await using EmbeddedPipeline embedded = EmbeddedEdgeServices.Create(options, loggers, time, new EmbeddedEdgeSettings(PersistentPositions: persistent), scorer, noise);
        onStarted?.Invoke(embedded);
        var registry = new InputRegistry(embedded.Store, time);
        // Sinks write only after the first state save, so outputs without a state mean the state was lost.
        bool outputsExist = embedded.Store.Count("sink_progress") > 0 || embedded.Store.Count("transactions") > 0;
        // Begun by an earlier process (interrupted): "resumed" even when every record it read is read again (a kill
        // before the first mid-run state save leaves nothing below the restored positions to skip).
        bool begunBefore = persistent && registry.All().Any(i => i.Sha256 == identity.ContentSha256 && !i.Complete);
        InputProgress input = persistent ? registry.Begin(identity) : new InputProgress(1, identity.FullPath, identity.ContentSha256, 0, false, 0, time.GetUtcNow(), null);
        if (input.Complete)
        {
            return Summary(embedded, options, input, writer: null, elapsed: 0, outcome: RunOutcome.AlreadyConsumed);
        }

        if (persistent)
        {
            embedded.KeepOrderOf(input.Index);
        }

        await embedded.PrepareAsync(outputsExist, cancellationToken).ConfigureAwait(false);
        embedded.PrivateReport.HoldUntilComplete = true;
        long started = Stopwatch.GetTimestamp();
        Task processing = embedded.RunAsync(cancellationToken);
        string origin = identity.Origin;
        var writer = new SequencedInputWriter(embedded.Stream, input.Index, origin) { Pacer = rate is { } r ? new SourcePacer(r, time) : null };
        bool complete = false;
        // A stop may come after the whole input was written: the readers stop too, and what they read drains.
        using CancellationTokenRegistration onStop = stop?.Token.Register(embedded.StopReading) ?? default;
        try
        {
            // In event-time order (for evaluate) the file is sorted first, so arrival order is event order.
            IEnumerable<ReadOutcome> outcomes = inEventTimeOrder ? ByEventTime(inputPath, identity) : TransactionFileReader.Read(inputPath, identity);
            complete = await writer.WriteAsync(outcomes, stop?.Token ?? CancellationToken.None, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (complete)
            {
                embedded.CompleteInput();
            }
            else
            {
                embedded.StopReading();
            }
        }

        await processing.ConfigureAwait(false);
        complete &= stop?.Requested != true;
        if (complete)
        {
            await embedded.CompleteReleasesAsync(cancellationToken).ConfigureAwait(false);
            if (persistent)
            {
                registry.Complete(input.Index, writer.Read);
            }
        }

        double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return Summary(embedded, options, input, writer, elapsed, complete ? (begunBefore ? RunOutcome.Resumed : RunOutcome.Completed) : RunOutcome.Stopped);

        static IEnumerable<ReadOutcome> ByEventTime(string path, InputFileIdentity identity)
        {
            var unreadable = new List<DeadLetter>();
            List<TransactionEvent> sorted = ReplayOrdering.ByEventTime(TransactionFileReader.Read(path, identity), unreadable.Add);
            return unreadable.Select(ReadOutcome.Failed).Concat(sorted.Select(ReadOutcome.Ok));
        }
    }

    private static RunSummary Summary(EmbeddedPipeline embedded, StreamGuardOptions options, InputProgress input, SequencedInputWriter? writer, double elapsed, RunOutcome outcome)
    {
        Pipeline.PipelineCounters counters = embedded.Pipeline.Counters;
        long events = writer?.Read ?? 0;
        IReadOnlyList<WindowKindReconciliation> reconciliation = WindowReconciliation.Check(embedded.Store);
        return new RunSummary
        {
            Events = events,
            Processed = counters.Processed - embedded.Sqlite.ConflictingDuplicates,
            DeadLettered = counters.DeadLettered + embedded.Sqlite.ConflictingDuplicates,
            InputDeadLettered = writer?.DeadLettered ?? 0,
            Alerts = counters.Alerts,
            EventsPerSecond = Math.Round(events / Math.Max(elapsed, 1e-9), 1),
            ElapsedSeconds = Math.Round(elapsed, 3),
            LatencyMsP50 = counters.Latency.Percentile(0.50),
            LatencyMsP99 = counters.Latency.Percentile(0.99),
            Shards = embedded.Stream.ShardCount,
            DataDir = Path.GetFullPath(options.DataDir),
            Privacy = PrivacySummary.From(embedded.Key, options.Privacy, embedded.PrivateReport),
            OverLimit = writer?.OverLimit ?? 0,
            DuplicateDeliveries = embedded.Sqlite.DuplicateDeliveries,
            ConflictingDuplicates = embedded.Sqlite.ConflictingDuplicates,
            Insight = embedded.Insight.Summary(),
            State = StateSummary.From(embedded.State) with
            {
                FoldSeconds = Math.Round(embedded.StateStore.FoldTime.TotalSeconds, 3),
                LongestFoldSliceMs = Math.Round(embedded.StateStore.LongestFoldSlice.TotalMilliseconds, 1),
                FoldError = embedded.StateStore.FoldError?.Message,
            },
            StageSeconds = embedded.Pipeline.BusySeconds(),
            Tail = embedded.Pipeline.Tail.Summary(),
            Outcome = outcome switch
            {
                RunOutcome.AlreadyConsumed => "already_consumed",
                RunOutcome.Resumed => "resumed",
                RunOutcome.Stopped => "stopped",
                _ => "completed",
            },
            InputIndex = input.Index,
            AlreadyProcessed = writer?.AlreadyProcessed ?? 0,
            Reconciliation = reconciliation,
            WindowsReconciled = reconciliation.All(r => r.Reconciled),
        };
    }

    private enum RunOutcome
    {
        Completed,
        Resumed,
        AlreadyConsumed,
        Stopped,
    }
}
