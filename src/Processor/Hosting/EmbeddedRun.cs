using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamGuard.Core.Ingestion;
using StreamGuard.Core.Model;
using StreamGuard.Core.Replay;
using StreamGuard.Processor.Commands;
using StreamGuard.Processor.Scoring;

namespace StreamGuard.Processor.Hosting;

/// <summary>One file through the embedded pipeline: the producer side fills the stream while the processor drains it.</summary>
public static class EmbeddedRun
{
    private const int DeadLetterFlush = 1_000;

    public static async Task<RunSummary> ExecuteAsync(string inputPath, StreamGuardOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken,
        IFraudScorer? scorer = null, Privacy.Differential.INoiseSource? noise = null, bool inEventTimeOrder = false, Action<EmbeddedPipeline>? onStarted = null)
    {
        await using var embedded = new EmbeddedPipeline(options, loggers, time, scorer: scorer, noise: noise);
        onStarted?.Invoke(embedded);
        embedded.PrivateReport.HoldUntilComplete = true;
        long started = Stopwatch.GetTimestamp();
        Task processing = embedded.RunAsync(cancellationToken);
        long events = 0;
        long unreadable = 0;
        var deadLetters = new List<DeadLetter>();
        try
        {
            // In event-time order (for evaluate) the file is sorted and sent through one lane, so arrival order is event order.
            var replayer = new StreamReplayer(embedded.Stream, new ReplayOptions { Parallelism = inEventTimeOrder ? 1 : 2, Linger = TimeSpan.Zero }, time);
            await replayer.RunAsync(Events(inEventTimeOrder ? ByEventTime(inputPath) : TransactionFileReader.Read(inputPath)), cancellationToken).ConfigureAwait(false);
            embedded.DeadLetterInput(deadLetters);
            deadLetters.Clear();
        }
        finally
        {
            embedded.Feed.CompleteInput();
        }

        await processing.ConfigureAwait(false);
        await embedded.CompleteReleasesAsync(cancellationToken).ConfigureAwait(false);
        double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Pipeline.PipelineCounters counters = embedded.Pipeline.Counters;
        return new RunSummary
        {
            Events = events,
            Processed = counters.Processed,
            DeadLettered = counters.DeadLettered,
            InputDeadLettered = unreadable,
            Alerts = counters.Alerts,
            EventsPerSecond = Math.Round(events / Math.Max(elapsed, 1e-9), 1),
            ElapsedSeconds = Math.Round(elapsed, 3),
            LatencyMsP50 = counters.Latency.Percentile(0.50),
            LatencyMsP99 = counters.Latency.Percentile(0.99),
            Shards = embedded.Stream.ShardCount,
            DataDir = Path.GetFullPath(options.DataDir),
            Privacy = PrivacySummary.From(embedded.Key, options.Privacy, embedded.PrivateReport),
            Insight = embedded.Insight.Summary(),
            State = StateSummary.From(embedded.State),
            StageSeconds = embedded.Pipeline.BusySeconds(),
        };

        static IEnumerable<ReadOutcome> ByEventTime(string path)
        {
            var unreadable = new List<DeadLetter>();
            List<TransactionEvent> sorted = ReplayOrdering.ByEventTime(TransactionFileReader.Read(path), unreadable.Add);
            return unreadable.Select(ReadOutcome.Failed).Concat(sorted.Select(ReadOutcome.Ok));
        }

        IEnumerable<TransactionEvent> Events(IEnumerable<ReadOutcome> outcomes)
        {
            foreach (ReadOutcome outcome in outcomes)
            {
                events++;
                if (outcome.Event is { } e)
                {
                    yield return e;
                    continue;
                }

                unreadable++;
                deadLetters.Add(outcome.DeadLetter!);
                if (deadLetters.Count >= DeadLetterFlush)
                {
                    embedded.DeadLetterInput(deadLetters);
                    deadLetters.Clear();
                }
            }
        }
    }
}
